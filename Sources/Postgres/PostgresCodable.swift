import Foundation

/// A Swift value that can be sent to PostgreSQL as a text-format parameter.
public protocol PostgresEncodable: Sendable {
    var postgresText: String { get }
}

/// A Swift value that can be read from PostgreSQL's text output format.
public protocol PostgresDecodable {
    init?(postgresText: String)
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self }
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init?(postgresText: String) {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(postgresText)
        }
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    /// Lowercase, formatted by hand: `uuidString` goes through `sprintf`.
    public var postgresText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                var index = 0
                for (position, byte) in bytes.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    writeHex(byte, into: buffer, at: &index)
                }
                return index
            }
        }
    }

    /// Parsed by hand: Foundation's `UUID(uuidString:)` goes through `sscanf`, which was 8% of
    /// the report commands' CPU and more of the processor's, which reads a UUID per event.
    public init?(postgresText: String) {
        let utf8 = Array(postgresText.utf8)
        guard utf8.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var index = 0
            for byte in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard utf8[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return false }
                out[byte] = high << 4 | low
                index += 2
            }
            return true
        }
        guard parsed else { return nil }
        self.init(uuid: bytes)
    }
}

/// `bytea` in PostgreSQL's hex format (`\x0a1b…`).
extension Data: PostgresEncodable, PostgresDecodable {
    /// Built as bytes, not by appending one-character strings: the processor and ingest write two
    /// 32-byte hashes per event, and string appends were 7% of the processor's CPU (docs/performance.md).
    public var postgresText: String {
        String(unsafeUninitializedCapacity: 2 + count * 2) { buffer in
            buffer[0] = UInt8(ascii: "\\")
            buffer[1] = UInt8(ascii: "x")
            var index = 2
            for byte in self {
                writeHex(byte, into: buffer, at: &index)
            }
            return index
        }
    }

    /// Read from the text's own bytes into the `Data`, with no array between: ingest reads back
    /// a pseudonym for every resident of every file on the thread that appends, in series with
    /// the server, and the copies were 1.5 % of its CPU (docs/performance.md).
    public init?(postgresText: String) {
        var text = postgresText
        let decoded = text.withUTF8 { utf8 -> Data? in
            guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
            var data = Data(count: (utf8.count - 2) / 2)
            let valid = data.withUnsafeMutableBytes { bytes -> Bool in
                for index in bytes.indices {
                    guard let high = hexValue(utf8[2 + 2 * index]), let low = hexValue(utf8[3 + 2 * index]) else { return false }
                    bytes[index] = high << 4 | low
                }
                return true
            }
            return valid ? data : nil
        }
        guard let decoded else { return nil }
        self = decoded
    }
}

/// Two lowercase hex digits for `byte` at `index`, which moves past them.
private func writeHex(_ byte: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
    buffer[index] = HexDigits.high(byte)
    buffer[index + 1] = HexDigits.low(byte)
    index += 2
}

private func hexValue(_ char: UInt8) -> UInt8? {
    switch char {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
    default: nil
    }
}

/// `timestamptz`. Sent as ISO 8601 in UTC with microseconds; read from the ISO output
/// format a ``Connection`` sets on every session (`DateStyle=ISO`, `TimeZone=UTC`).
extension Date: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { PostgresTimestamp.format(self) }
    public init?(postgresText: String) {
        guard let date = PostgresTimestamp.parse(postgresText) else { return nil }
        self = date
    }
}

/// A text array literal such as `{a,b}`, for `= ANY($1)` filters.
///
/// Escaped byte by byte: two `replacingOccurrences` per element were 7% of the processor's CPU,
/// which binds every batch's conversation keys this way (docs/performance.md).
extension Array: PostgresEncodable where Element == String {
    public var postgresText: String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(2 + reduce(0) { $0 + $1.utf8.count + 3 })
        for (index, element) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads a one-dimensional `text[]` in PostgreSQL's output form (`{a,"b c",NULL}`); NULL
/// elements are left out.
extension Array: PostgresDecodable where Element == String {
    public init?(postgresText literal: String) {
        guard literal.first == "{", literal.last == "}" else { return nil }
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var sawQuote = false
        for char in literal.dropFirst().dropLast() {
            if escaped { current.append(char); escaped = false; continue }
            switch char {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle(); sawQuote = true
            case "," where !quoted:
                if !(current == "NULL" && !sawQuote) { items.append(current) }
                current = ""
                sawQuote = false
            default: current.append(char)
            }
        }
        if !(current == "NULL" && !sawQuote) && (!current.isEmpty || sawQuote) { items.append(current) }
        self = items
    }
}

/// A one-dimensional `bigint[]` without NULLs, as PostgreSQL prints it (`{1,2,3}`): `Array` can
/// conform to `PostgresDecodable` once, and does for `text[]`.
public struct BigIntArray: PostgresDecodable, Sendable, Equatable {
    public var values: [Int64]

    public init?(postgresText literal: String) {
        guard literal.first == "{", literal.last == "}" else { return nil }
        let body = literal.dropFirst().dropLast()
        var values: [Int64] = []
        for element in body.split(separator: ",", omittingEmptySubsequences: false) where !body.isEmpty {
            guard let value = Int64(element) else { return nil }
            values.append(value)
        }
        self.values = values
    }
}

enum PostgresTimestamp {
    /// Formats as `2026-11-20T10:00:00.123456Z`, exact to the microsecond PostgreSQL keeps.
    static func format(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var seconds = Int64((totalMicros / 1_000_000).rounded(.down))
        let micros = Int64(totalMicros) - seconds * 1_000_000
        let days = floorDiv(seconds, 86_400)
        seconds -= days * 86_400
        let (year, month, day) = civilFromDays(days)
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                          year, month, day, Int(seconds / 3600), Int(seconds / 60 % 60), Int(seconds % 60), Int(micros))
        }
        // Digits written by hand: `String(format:)` was 17% of the processor's CPU (docs/performance.md).
        return String(unsafeUninitializedCapacity: 27) { buffer in
            var index = 0
            func put(_ value: Int, width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(48 + value % 10)
                    value /= 10
                }
                index += width
            }
            func put(_ ascii: Unicode.Scalar) {
                buffer[index] = UInt8(ascii: ascii)
                index += 1
            }
            put(year, width: 4); put("-"); put(month, width: 2); put("-"); put(day, width: 2); put("T")
            put(Int(seconds / 3600), width: 2); put(":"); put(Int(seconds / 60 % 60), width: 2); put(":")
            put(Int(seconds % 60), width: 2); put("."); put(Int(micros), width: 6); put("Z")
            return index
        }
    }

    /// Parses `2026-11-20 10:00:00.123456+00` (and `+05:30`, and no fraction).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= bytes.count else { return nil }
            var value = 0
            for index in from..<(from + length) {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var index = 19
        var micros = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000
            while index < bytes.count, (48...57).contains(bytes[index]) {
                micros += (Int(bytes[index]) - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
            index += 1
            // hh, then optional :mm and :ss, read in place: every timestamp the server sends ends in "+00".
            guard let hours = number(index, 2) else { return nil }
            offsetSeconds = hours * 3600
            index += 2
            for unit in [60, 1] where index + 3 <= bytes.count && bytes[index] == UInt8(ascii: ":") {
                guard let value = number(index + 1, 2) else { return nil }
                offsetSeconds += value * unit
                index += 3
            }
            guard index == bytes.count else { return nil }
            offsetSeconds *= sign
        }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let m = Int64(month)
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
}
