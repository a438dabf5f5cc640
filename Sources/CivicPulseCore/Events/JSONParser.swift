import Foundation

/// Reads JSON text (RFC 8259) straight into ``JSONValue``, byte by byte.
///
/// Going through `JSONSerialization` built Foundation objects and then converted them: the two
/// steps were a quarter of ingest's CPU (docs/performance.md). Numbers become `Double`, as they
/// did there, so ids must still be read from their string forms. A UTF-8 byte order mark is
/// skipped.
///
/// One bad character inside one string must not cost a whole page of records, so a string's
/// invalid UTF-8 and its unpaired `\u` surrogates are read as U+FFFD (the replacement character),
/// as `String(decoding:as:)` does; everything else that is not JSON is refused with a
/// ``JSONSyntaxError`` saying where.
struct JSONParser {
    /// Deeper nesting is refused rather than risking the stack on a hostile payload: parsing
    /// recurses once per level, and ingest parses on secondary threads, whose stacks are small.
    /// No platform's payload comes near it (Graph's nested comments are about ten deep).
    static let maximumDepth = 128

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// The members of the objects being read, innermost last: an object's are gathered here
    /// and its dictionary made once at its full size. Grown a member at a time, a dictionary was
    /// rehashed at every doubling, 14 % of parsing a Twitter page.
    private var members: [(String, JSONValue)] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        let parsed = data.withUnsafeBytes { raw -> Result<JSONValue, JSONSyntaxError> in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
            do throws(JSONSyntaxError) {
                let value = try parser.value()
                parser.skipWhitespace()
                guard parser.index == parser.bytes.count else { throw parser.failure("expected the end of the text after a complete value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try parsed.get()
    }

    /// A failure at the current byte, saying what is there: `expected ':', found '='`.
    private func failure(_ expectation: String) -> JSONSyntaxError {
        let found = index < bytes.count ? "found \(Self.describe(bytes[index]))" : "but the text ends there (cut short?)"
        return failure(at: index, reason: "\(expectation), \(found)")
    }

    private func failure(at offset: Int, reason: String) -> JSONSyntaxError {
        let line = 1 + UnsafeBufferPointer(rebasing: bytes[0..<min(offset, bytes.count)]).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return JSONSyntaxError(line: line, byte: offset + 1, reason: reason)
    }

    /// A byte as a person can read it: `'x'` when it is printable ASCII, else `byte 0x00`.
    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("expected a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        for offset in 0..<word.utf8CodeUnitCount {
            guard index < bytes.count, bytes[index] == word.utf8Start[offset] else { throw failure("expected \(word)") }
            index += 1
        }
    }

    /// Steps into an object or array, refusing to go deeper than ``maximumDepth``.
    private mutating func enter() throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else {
            throw failure(at: index, reason: "nested deeper than \(Self.maximumDepth) objects and arrays")
        }
        depth += 1
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        guard !opensEmpty(closing: UInt8(ascii: "}")) else { return .object([:]) }
        let first = members.count
        defer { members.removeSubrange(first...) }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name in double quotes") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
            index += 1
            let value = try value()
            members.append((key, value))
        } while try !closes(with: UInt8(ascii: "}"), after: "a member")
        // A name given twice keeps its last value.
        var object = [String: JSONValue](minimumCapacity: members.count - first)
        for (key, value) in members[first...] { object[key] = value }
        return .object(object)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        guard !opensEmpty(closing: UInt8(ascii: "]")) else { return .array(elements) }
        repeat {
            elements.append(try value())
        } while try !closes(with: UInt8(ascii: "]"), after: "an element")
        return .array(elements)
    }

    /// Steps over an object's or array's opening bracket; true, past the closing one too, when it is empty.
    private mutating func opensEmpty(closing: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == closing else { return false }
        index += 1
        return true
    }

    /// After a member or element: true past the closing bracket, false past a comma.
    private mutating func closes(with closing: UInt8, after what: String) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))' after \(what)") }
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1; return false
        case closing: index += 1; return true
        default: throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))' after \(what)")
        }
    }

    /// A string; `index` is at its opening quote.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // The common case: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = Self.text(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("a control character must be escaped inside a string") }
            index += 1
        }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return unescaped.withUnsafeBufferPointer(Self.text)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("expected an escape after '\\'") }
                let escape = bytes[index]
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    index += 1
                    unescaped.append(contentsOf: try unicodeEscape())
                    continue
                default: throw failure("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after '\\'")
                }
                index += 1
            case 0..<0x20:
                throw failure("a control character must be escaped inside a string")
            default:
                unescaped.append(byte)
                index += 1
            }
        }
        throw failure("expected '\"' to close the string")
    }

    /// A string's bytes as text; bytes that are not UTF-8 become U+FFFD.
    ///
    /// Not `String(validating:as:)` first: unspecialised, it looked up generic metadata for
    /// every string, 30 % of parsing a page, and repairing gives the same text for valid UTF-8.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The UTF-8 of U+FFFD, which stands for a surrogate that has no partner.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// A `\u` escape's four hex digits (`index` just past the `u`), joining a surrogate pair;
    /// returns the character's UTF-8.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> [UInt8] {
        let scalar = try hex4()
        switch scalar {
        case 0xD800..<0xDC00:
            // A high surrogate counts only with a low one escaped right after it; anything else is
            // left for the loop to read as it is.
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                return Self.replacement
            }
            let resume = index
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else {
                index = resume
                return Self.replacement
            }
            return Array(String(Unicode.Scalar(0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00))!).utf8)
        case 0xDC00..<0xE000:
            return Self.replacement
        default:
            return Array(String(Unicode.Scalar(scalar)!).utf8)
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw failure("expected four hex digits after '\\u'") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected four hex digits after '\\u'")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number by JSON's grammar. Up to 15 integer digits are added up exactly; anything
    /// else goes to the standard library's correctly rounded conversion, which makes a number
    /// beyond `Double`'s range infinite (details store it as `null`; ids are never numbers).
    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        skipDigits()
        let integerDigits = index - digitsStart
        guard integerDigits > 0 else { throw failure("expected a digit in a number") }
        guard integerDigits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else {
            throw failure(at: digitsStart, reason: "a number cannot start with 0 followed by more digits")
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            skipDigits()
            guard index > fractionStart else { throw failure("expected a digit after a decimal point") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            skipDigits()
            guard index > exponentStart else { throw failure("expected a digit in an exponent") }
        }
        if isInteger, integerDigits <= 15 {
            var value: Int64 = 0
            for position in digitsStart..<index { value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
            return Double(digitsStart > start ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw failure(at: start, reason: "not a number this reader can hold") }
        return value
    }

    private mutating func skipDigits() {
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
    }
}
