import Foundation

/// A sentence with blanks (`{street}`, `{place}`, `{ref}`, `{first}`, `{staff}`, `{time}`, `{town}`),
/// split once into pieces so filling it per message is cheap.
struct Template: Sendable {
    enum Piece: Sendable {
        case text(String)
        case street, place, ref, first, staff, time, town
    }

    let pieces: [Piece]

    init(_ text: String) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            switch rest[rest.index(after: open)..<close] {
            case "street": pieces.append(.street)
            case "place": pieces.append(.place)
            case "ref": pieces.append(.ref)
            case "first": pieces.append(.first)
            case "staff": pieces.append(.staff)
            case "time": pieces.append(.time)
            case "town": pieces.append(.town)
            default: preconditionFailure("unknown blank in template: \(text)")
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }
}

/// What fills a template's blanks for one message.
struct TemplateFill {
    var town: String
    var places: [String]
    var first: String

    /// The template's text with every blank filled from the catalogue's word lists.
    func render(_ template: Template, random: inout SeededRandom) -> String {
        var text = ""
        for piece in template.pieces {
            switch piece {
            case .text(let words): text += words
            case .street: text += random.pick(Vocabulary.streets)
            case .place: text += places.isEmpty ? random.pick(Vocabulary.streets) : random.pick(places)
            case .ref: text += String(random.between(100_000, 999_999))
            case .first: text += first
            case .staff: text += random.pick(Vocabulary.staffInitials)
            case .time: text += random.pick(Vocabulary.times)
            case .town: text += town
            }
        }
        return text
    }
}

/// Word lists shared by every topic: fictional streets of a fictional town.
///
/// No street is a "Road": `road` is a routing keyword (highways), and an address must not
/// pull a bins question to the wrong team.
enum Vocabulary {
    static let streets = [
        "Anchor Street", "Fenwick Street", "Mill Lane", "Chandlers Way", "Marsh Avenue", "Quay Street",
        "Lighthouse Close", "Gull Crescent", "Ropewalk", "Tidewater Drive", "Harbour Street", "Beacon Hill",
        "Saltings Lane", "Mariners Terrace", "Dock Street", "Netmakers Row", "Seaview Avenue", "Kelp Lane",
        "Smugglers Close", "Old Pier Street", "Cliff Terrace", "Foundry Lane", "Brewery Yard", "Orchard Way",
    ]
    static let staffInitials = ["JM", "SK", "AP", "RB", "LT", "HW", "NC", "DO", "EF", "GR"]
    static let times = ["this morning", "since Tuesday", "last night", "for two weeks", "since Friday", "yesterday"]
}
