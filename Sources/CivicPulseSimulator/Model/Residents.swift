import Foundation

/// The people who write to the council: fictional, and derived from a number alone.
///
/// Resident `k` always has the same ids and names for a seed, so no table of people is kept
/// in memory however long the run. Ids look like each platform's own but are drawn from
/// ranges no org account uses.
struct Residents {
    /// How many distinct people may write; a few write often, most once or twice.
    let population: Int
    private let salt: UInt64

    init(population: Int, seed: UInt64) {
        self.population = max(population, 50)
        salt = SplitMix64.mix(seed ^ 0x7265_7369_6465_6E74)
    }

    /// Someone to write the next message: low numbers far more often (regular correspondents).
    func pick(_ random: inout SeededRandom) -> Int {
        let u = random.unit()
        return min(population - 1, Int(Double(population) * u * u))
    }

    private func mixed(_ k: Int, _ purpose: UInt64) -> UInt64 {
        SplitMix64.mix(UInt64(k) ^ salt ^ (purpose &* 0x9E37_79B9_7F4A_7C15))
    }

    func firstName(_ k: Int) -> String {
        Names.first[Int(mixed(k, 1) % UInt64(Names.first.count))]
    }

    func fullName(_ k: Int) -> String {
        firstName(k) + " " + Names.last[Int(mixed(k, 2) % UInt64(Names.last.count))]
    }

    /// A Twitter user id: 19 digits, as accounts made since 2022 have.
    func twitterID(_ k: Int) -> UInt64 {
        1_450_000_000_000_000_000 + UInt64(k) * 7_919_000_011 + mixed(k, 3) % 7_919_000_011
    }

    /// A Twitter handle: at most 15 letters, digits and underscores.
    func twitterUsername(_ k: Int) -> String {
        let first = firstName(k).lowercased()
        let last = Names.last[Int(mixed(k, 2) % UInt64(Names.last.count))].lowercased()
        let number = mixed(k, 4) % 1000
        let handle: String
        switch mixed(k, 5) % 4 {
        case 0: handle = first + last
        case 1: handle = first + "_" + last.prefix(1) + String(number)
        case 2: handle = last + first.prefix(1) + String(number % 100)
        default: handle = first + String(number)
        }
        // Names are plain ASCII letters: keep letters, digits and underscores, at most 15.
        let kept = handle.utf8.filter { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }.prefix(15)
        return String(decoding: kept, as: UTF8.self)
    }

    /// A Facebook user id as a Page sees commenters: 16 digits.
    func facebookID(_ k: Int) -> UInt64 {
        1_000_100_000_000_000 + UInt64(k) * 100_003 + mixed(k, 6) % 100_003
    }

    /// A page-scoped id (PSID) for Messenger: 16 digits, different for each Page, as Facebook's are.
    func messengerPSID(_ k: Int, page: UInt64) -> UInt64 {
        7_000_100_000_000_000 + UInt64(k) * 100_019 + SplitMix64.mix(mixed(k, 7) ^ page) % 100_019
    }

    /// A YouTube channel id: `UC` and 22 URL-safe digits.
    func youtubeChannel(_ k: Int) -> String {
        "UC" + Base64URL.encode(mixed(k, 8), mixed(k, 9), length: 22)
    }

    /// How a listening tool shows an author on `platform`.
    func listeningAuthor(_ k: Int, platform: String) -> String {
        switch platform {
        case "reddit": "u/" + twitterUsername(k)
        case "facebook": fullName(k)
        default: "@" + twitterUsername(k)
        }
    }
}

/// Ordinary first names and surnames, combined at random: nobody in particular.
enum Names {
    static let first = [
        "Aisha", "Alfie", "Amelia", "Arjun", "Ava", "Ben", "Callum", "Charlotte", "Chloe", "Connor",
        "Daniel", "Dylan", "Eleanor", "Ella", "Emily", "Ethan", "Fatima", "Finley", "Freya", "George",
        "Grace", "Hannah", "Harry", "Imogen", "Isla", "Jack", "Jacob", "Jamal", "James", "Jasmine",
        "Joshua", "Kai", "Katie", "Leo", "Liam", "Lily", "Lucy", "Maya", "Megan", "Mia",
        "Mohammed", "Niamh", "Noah", "Oliver", "Olivia", "Oscar", "Priya", "Rhys", "Rosie", "Ruby",
        "Ryan", "Sam", "Sienna", "Sophie", "Theo", "Tom", "Tyler", "Yusuf", "Zara", "Zoe",
    ]
    static let last = [
        "Ahmed", "Bailey", "Baker", "Begum", "Bell", "Brown", "Campbell", "Carter", "Chapman", "Clarke",
        "Cole", "Cooper", "Davies", "Dixon", "Edwards", "Ellis", "Evans", "Fisher", "Fletcher", "Foster",
        "Gray", "Green", "Hall", "Harris", "Hughes", "Hussain", "Jackson", "James", "Jones", "Kaur",
        "Kelly", "Khan", "King", "Lee", "Lewis", "Marshall", "Mason", "Mills", "Moore", "Morgan",
        "Murphy", "Owen", "Palmer", "Parker", "Patel", "Phillips", "Price", "Reid", "Roberts", "Robinson",
        "Russell", "Shaw", "Singh", "Smith", "Taylor", "Thomas", "Walker", "Ward", "Webb", "Wright",
    ]
}
