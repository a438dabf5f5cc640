import Foundation

/// Where each value of a JSON text lies, byte by byte, so one value can be replaced and every
/// other byte of the file kept as it came.
///
/// `JSONValue` reads numbers as doubles (a v1.1 id above 2^53 loses digits) and writes keys
/// sorted: a file written back from it would change every other resident's records. A file of
/// JSON Lines is a run of values, which this reads as one value after another.
struct JSONSpans {
    indirect enum Node {
        case scalar(Range<Int>)
        case string(Range<Int>)
        case object(Range<Int>, [(key: Range<Int>, value: Node)])
        case array(Range<Int>, [Node])

        var range: Range<Int> {
            switch self {
            case .scalar(let range), .string(let range), .object(let range, _), .array(let range, _): range
            }
        }
    }

    struct Malformed: Error {
        let offset: Int
    }

    let bytes: [UInt8]
    /// The file's values, one for a JSON document, one per line for JSON Lines.
    private(set) var values: [Node] = []
    private var at = 0

    init(_ data: Data) throws(Malformed) {
        bytes = Array(data)
        skipSpace()
        while at < bytes.count {
            values.append(try value())
            skipSpace()
        }
    }

    /// The text of a string token, its escapes undone.
    func text(_ range: Range<Int>) -> String {
        let inner = bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return (try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: .fragmentsAllowed) as? String) ?? String(decoding: inner, as: UTF8.self)
    }

    /// The bytes of a scalar token (a number, `true`, `false`, `null`) as written.
    func literal(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { throw Malformed(offset: at) }
        at += 1
    }

    private mutating func value() throws(Malformed) -> Node {
        skipSpace()
        guard at < bytes.count else { throw Malformed(offset: at) }
        let start = at
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var members: [(key: Range<Int>, value: Node)] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(start..<at, members) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw Malformed(offset: at) }
                let key = try string()
                try expect(UInt8(ascii: ":"))
                members.append((key, try value()))
                skipSpace()
                guard at < bytes.count else { throw Malformed(offset: at) }
                at += 1
                if bytes[at - 1] == UInt8(ascii: "}") { return .object(start..<at, members) }
                guard bytes[at - 1] == UInt8(ascii: ",") else { throw Malformed(offset: at - 1) }
            }
        case UInt8(ascii: "["):
            at += 1
            var elements: [Node] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(start..<at, elements) }
            while true {
                elements.append(try value())
                skipSpace()
                guard at < bytes.count else { throw Malformed(offset: at) }
                at += 1
                if bytes[at - 1] == UInt8(ascii: "]") { return .array(start..<at, elements) }
                guard bytes[at - 1] == UInt8(ascii: ",") else { throw Malformed(offset: at - 1) }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        default:
            while at < bytes.count, !Self.ends.contains(bytes[at]) { at += 1 }
            guard at > start else { throw Malformed(offset: at) }
            return .scalar(start..<at)
        }
    }

    private static let ends: Set<UInt8> = [0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":")]

    private mutating func string() throws(Malformed) -> Range<Int> {
        let start = at
        at += 1
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "\\"): at += 2
            case UInt8(ascii: "\""):
                at += 1
                return start..<at
            default: at += 1
            }
        }
        throw Malformed(offset: start)
    }
}
