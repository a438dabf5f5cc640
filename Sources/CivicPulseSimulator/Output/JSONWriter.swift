import Foundation

/// Builds compact JSON text straight into bytes, the way the platforms send it.
///
/// Millions of records are written per run, so this avoids `JSONEncoder` and intermediate
/// dictionaries: keys come out in the order they are written (the order the platforms use),
/// and commas are managed by a small stack of open containers.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// For each open object or array: whether the next element is its first.
    private var isFirst: [Bool] = []
    private var afterKey = false

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        isFirst.removeAll(keepingCapacity: true)
        afterKey = false
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let first = isFirst.last else { return }
        if first { isFirst[isFirst.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        isFirst.append(true)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        isFirst.removeLast()
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        isFirst.append(true)
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        isFirst.removeLast()
    }

    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        afterKey = true
    }

    mutating func string(_ value: String) {
        separate()
        appendQuoted(value.utf8)
    }

    mutating func string(_ value: StaticString) {
        separate()
        value.withUTF8Buffer { appendQuoted($0) }
    }

    /// A string made of already-safe ASCII bytes (ids, timestamps) written by `build`.
    mutating func string(build: (inout [UInt8]) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        build(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func number(_ value: Int) {
        separate()
        bytes.appendDecimal(value)
    }

    mutating func number(_ value: UInt64) {
        separate()
        bytes.appendDecimal(value)
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    /// A value already serialised as JSON (a record kept from an earlier write).
    mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: StaticString) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        number(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func field(_ name: StaticString, id value: UInt64) {
        key(name)
        string { $0.appendDecimal(value) }
    }

    private mutating func appendQuoted<S: Sequence>(_ utf8: S) where S.Element == UInt8 {
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [92, 110])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [92, 114])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [92, 116])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)
}

extension Array where Element == UInt8 {
    mutating func appendDecimal(_ value: UInt64) {
        if value < 10 {
            append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits come out least significant first; write them, then turn them round in place.
        let first = count
        var rest = value
        while rest > 0 {
            append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        var low = first, high = count - 1
        while low < high {
            swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    mutating func appendDecimal(_ value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(UInt64(-value))
        } else {
            appendDecimal(UInt64(value))
        }
    }

    /// `value` with at least `width` digits, zero-padded.
    mutating func appendPadded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 1, value < divisor {
            append(UInt8(ascii: "0"))
            divisor /= 10
        }
        appendDecimal(value)
    }

    mutating func append(_ text: String) {
        append(contentsOf: text.utf8)
    }
}
