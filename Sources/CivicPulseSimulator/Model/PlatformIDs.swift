import Foundation

/// URL-safe base64 digits, for YouTube and Messenger ids.
enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `length` digits from the bits of `high` then `low`, six at a time.
    static func encode(_ high: UInt64, _ low: UInt64, length: Int) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(length)
        var bits = (high, low)
        for _ in 0..<length {
            digits.append(alphabet[Int(bits.0 >> 58)])
            bits = ((bits.0 << 6) | (bits.1 >> 58), bits.1 << 6)
        }
        return String(decoding: digits, as: UTF8.self)
    }
}

/// Fresh ids in each platform's own shape, unique within a run.
///
/// Every id comes from one counter, scrambled where the platform's ids look random, so no
/// two objects ever share an id and the same seed always gives the same ids.
struct PlatformIDs {
    private var counter: UInt64
    private let salt: UInt64

    init(seed: UInt64) {
        salt = SplitMix64.mix(seed ^ 0x5EED_1D5)
        counter = 0
    }

    private mutating func nextCount() -> UInt64 {
        counter += 1
        return counter
    }

    /// A Twitter snowflake: the creation time in its top bits, so ids sort by time as Twitter's do.
    mutating func tweet(at instant: Millis) -> UInt64 {
        let sequence = nextCount() & 0x3F_FFFF
        return (UInt64(instant - 1_288_834_974_657) << 22) | sequence
    }

    /// The numeric part of a Graph object id (a post's or comment's), 16 digits and rising.
    mutating func graphObject() -> UInt64 {
        let count = nextCount()
        return 1_220_000_000_000_000 + count * 1_009 + SplitMix64.mix(count ^ salt) % 1_009
    }

    /// A Messenger message id: `m_` and 40 URL-safe digits.
    mutating func messengerMID() -> String {
        let count = nextCount()
        let a = SplitMix64.mix(count ^ salt), b = SplitMix64.mix(a ^ 0x4D49_44)
        let c = SplitMix64.mix(b), d = SplitMix64.mix(c)
        return "m_" + Base64URL.encode(a, b, length: 20) + Base64URL.encode(c, d, length: 20)
    }

    /// An 11-digit YouTube video id.
    mutating func youtubeVideo() -> String {
        let a = SplitMix64.mix(nextCount() ^ salt)
        return Base64URL.encode(a, SplitMix64.mix(a), length: 11)
    }

    /// A top-level comment (thread) id: `Ug`, 17 digits, `4AaABAg`, as YouTube's look.
    mutating func youtubeThread() -> String {
        let a = SplitMix64.mix(nextCount() ^ salt ^ 0x7468)
        return "Ug" + Base64URL.encode(a, SplitMix64.mix(a), length: 17) + "4AaABAg"
    }

    /// A reply id: the thread's id, a dot, and 22 digits.
    mutating func youtubeReply(thread: String) -> String {
        let a = SplitMix64.mix(nextCount() ^ salt ^ 0x7270)
        return thread + "." + Base64URL.encode(a, SplitMix64.mix(a), length: 22)
    }

    /// An opaque paging cursor or token of `length` URL-safe digits.
    mutating func cursor(length: Int = 32) -> String {
        var state = SplitMix64.mix(nextCount() ^ salt ^ 0x6375)
        var text = ""
        while text.count < length {
            let next = SplitMix64.mix(state)
            text += Base64URL.encode(state, next, length: min(21, length - text.count))
            state = SplitMix64.mix(next)
        }
        return text
    }

    /// A Twitter `next_token`: lower-case letters and digits.
    mutating func twitterToken() -> String {
        String(cursor(length: 40).lowercased().map { $0 == "-" ? "x" : $0 == "_" ? "z" : $0 })
    }
}
