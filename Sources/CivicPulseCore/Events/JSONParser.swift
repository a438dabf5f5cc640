import Foundation

/// Reads JSON text (RFC 8259) straight into ``JSONValue``, byte by byte.
///
/// Going through `JSONSerialization` built Foundation objects and then converted them: the two
/// steps were a quarter of ingest's CPU (docs/performance.md). Numbers become `Double`, as they
/// did there, so ids must still be read from their string forms. A UTF-8 byte order mark is
/// skipped; text that is not UTF-8 is refused.
struct JSONParser {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "not JSON at byte \(offset): \(reason)" }
    }

    /// Deeper nesting is refused rather than risking the stack on a hostile payload.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
            let value = try parser.value()
            parser.skipWhitespace()
            guard parser.index == parser.bytes.count else { throw parser.failure("text after the value") }
            return value
        }
    }

    private func failure(_ reason: String) -> Failure {
        Failure(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] }) else { throw failure("expected \(word)") }
        index += count
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws -> T) throws -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth)") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws -> JSONValue {
        try nested { parser in
            var members: [String: JSONValue] = [:]
            guard !(try parser.opensEmpty(closing: UInt8(ascii: "}"))) else { return .object(members) }
            repeat {
                parser.skipWhitespace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw parser.failure("expected a member name") }
                let key = try parser.string()
                parser.skipWhitespace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: ":") else { throw parser.failure("expected ':'") }
                parser.index += 1
                members[key] = try parser.value()
            } while !(try parser.closes(with: UInt8(ascii: "}")))
            return .object(members)
        }
    }

    private mutating func array() throws -> JSONValue {
        try nested { parser in
            var elements: [JSONValue] = []
            guard !(try parser.opensEmpty(closing: UInt8(ascii: "]"))) else { return .array(elements) }
            repeat {
                elements.append(try parser.value())
            } while !(try parser.closes(with: UInt8(ascii: "]")))
            return .array(elements)
        }
    }

    /// Steps over an object's or array's opening bracket; true, past the closing one too, when it is empty.
    private mutating func opensEmpty(closing: UInt8) throws -> Bool {
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == closing else { return false }
        index += 1
        return true
    }

    /// After a member or element: true past the closing bracket, false past a comma.
    private mutating func closes(with closing: UInt8) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end before '\(Character(Unicode.Scalar(closing)))'") }
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1; return false
        case closing: index += 1; return true
        default: throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    /// A string; `index` is at its opening quote.
    private mutating func string() throws -> String {
        index += 1
        let start = index
        // The common case: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("control character in a string") }
            index += 1
        }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try unescaped.withUnsafeBufferPointer(utf8)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"): unescaped.append(contentsOf: try unicodeEscape())
                default: throw failure("unknown escape")
                }
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                unescaped.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private func utf8(_ bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw failure("a string is not UTF-8") }
        return text
    }

    /// A `\u` escape's four hex digits (after the `u`), joining a surrogate pair; returns the character's UTF-8.
    private mutating func unicodeEscape() throws -> [UInt8] {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("unpaired surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw failure("unpaired surrogate")
        }
        return Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number by JSON's grammar. Up to 15 integer digits are added up exactly; anything
    /// else goes to the standard library's correctly rounded conversion.
    private mutating func number() throws -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        let integerDigits = index - digitsStart
        guard integerDigits > 0 else { throw failure("a number needs digits") }
        guard integerDigits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { throw failure("leading zero") }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > fractionStart else { throw failure("a fraction needs digits") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > exponentStart else { throw failure("an exponent needs digits") }
        }
        if isInteger, integerDigits <= 15 {
            var value: Int64 = 0
            for position in digitsStart..<index { value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
            return Double(digitsStart > start ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw failure("not a number") }
        return value
    }
}
