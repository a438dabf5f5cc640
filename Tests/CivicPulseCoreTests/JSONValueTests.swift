import CivicPulseCore
import Foundation
import XCTest

/// Platform payloads are read and event details written by our own JSON code; these hold it to
/// what `JSONSerialization` reads and to the text the log has always stored.
final class JSONValueTests: XCTestCase {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    func testReadsWhatFoundationReads() throws {
        let texts = [
            #"{"data":[{"id":"1861000000000000001","text":"Bins not collected on Elm St \ud83d\uddd1\ufe0f","public_metrics":{"like_count":3,"impression_count":1200}}],"meta":{"result_count":1,"next_token":null}}"#,
            #"[1, -2, 3.25, -0.5e-3, 1E10, 12345678901234567890, true, false, null, "", "a\"b\\c\/d\n\t\u00e9"]"#,
            "  \n{ \"nested\" : { \"deeper\" : [ [ ] , { } ] } }\r\n",
            #""just a string""#, "42", "null",
        ]
        for text in texts {
            let ours = try parse(text)
            let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            let theirs = try JSONSerialization.data(withJSONObject: foundation, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            XCTAssertEqual(ours, try parse(String(decoding: theirs, as: UTF8.self)), text)
        }
        XCTAssertEqual(try parse(#""\ud83d\uddd1""#).stringValue, "🗑")
        XCTAssertEqual(try parse("12345678901234567890").doubleValue, 12345678901234567890.0)
        XCTAssertEqual(try parse("-0.5e-3").doubleValue, -0.0005)
        XCTAssertEqual(try parse("\u{FEFF}{\"a\":1}")["a"], .number(1), "a UTF-8 byte order mark is skipped")
        XCTAssertEqual(try parse(#"{"a":1,"a":2}"#)["a"], .number(2), "the last of a repeated name wins")
    }

    /// Objects inside arrays inside objects each keep their own members, whatever the names
    /// their neighbours and parents use: an object's members are gathered with its parents' still open.
    func testNestedObjectsKeepTheirOwnMembers() throws {
        let value = try parse(#"{"a":[{"b":1,"c":{"b":2,"d":[]}},{},{"b":3,"b":4}],"e":{"a":"x"},"f":[[{"g":null}]]}"#)
        XCTAssertEqual(value, .object([
            "a": .array([
                .object(["b": .number(1), "c": .object(["b": .number(2), "d": .array([])])]),
                .object([:]),
                .object(["b": .number(4)]),
            ]),
            "e": .object(["a": .string("x")]),
            "f": .array([.array([.object(["g": .null])])]),
        ]))
        XCTAssertThrowsError(try parse(#"{"a":{"b":1,"c"}}"#), "a member without a value, inside another object")
        XCTAssertEqual(try parse(#"[{"a":1},{"b":2}]"#), .array([.object(["a": .number(1)]), .object(["b": .number(2)])]))
    }

    func testRefusesWhatIsNotJSON() {
        let bad = [
            "", "{", "[1,]", "{\"a\" 1}", "{'a':1}", "01", "1.", "-", "1e", "tru", "nul", "[1] x",
            "\"unterminated", "\"tab\there\"", #""\x""#, #""\u12""#, "\u{FEFF}", "[\u{0}]",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for text in bad {
            XCTAssertThrowsError(try parse(text), text)
        }
    }

    /// A lone surrogate or bytes that are not UTF-8 inside one string cost only that character,
    /// which reads as U+FFFD: refusing them lost whole pages of records.
    func testBrokenCharactersInAStringReadAsTheReplacementCharacter() throws {
        XCTAssertEqual(try parse(#""a\ud83db""#).stringValue, "a\u{FFFD}b", "a high surrogate alone")
        XCTAssertEqual(try parse(#""\udc00""#).stringValue, "\u{FFFD}", "a low surrogate alone")
        XCTAssertEqual(try parse(#""\ud83d\u0041""#).stringValue, "\u{FFFD}A", "a high surrogate before an escape that is not a low one")
        XCTAssertEqual(try parse(#""\ud83d\ud83d\uddd1""#).stringValue, "\u{FFFD}🗑", "a high surrogate before a pair")
        XCTAssertEqual(try JSONValue.parse(Data([0x22, 0xC3, 0x28, 0x22])).stringValue, "\u{FFFD}(", "bytes that are not UTF-8")
        XCTAssertEqual(try JSONValue.parse(Data([0x22, 0x5C, 0x6E, 0xFF, 0x22])).stringValue, "\n\u{FFFD}", "after an escape too")
        XCTAssertEqual(try parse(#"{"a":"\u0000"}"#)["a"], .string("\u{0}"), "a NUL is JSON; storing it is ingest's concern")
    }

    /// Each refusal says on which line and at which byte the text stops being JSON, and what was expected there.
    func testSaysWhereTheTextStopsBeingJSONAndWhatWasExpected() {
        let cases: [(String, JSONSyntaxError)] = [
            ("", JSONSyntaxError(line: 1, byte: 1, reason: "expected a value, but the text ends there (cut short?)")),
            ("{\"a\":1,\n\"b\" 2}", JSONSyntaxError(line: 2, byte: 13, reason: "expected ':' after a member name, found '2'")),
            ("[1,\n2,\n", JSONSyntaxError(line: 3, byte: 8, reason: "expected a value, but the text ends there (cut short?)")),
            ("[1 2]", JSONSyntaxError(line: 1, byte: 4, reason: "expected ',' or ']' after an element, found '2'")),
            ("[\"a\u{0}\"]", JSONSyntaxError(line: 1, byte: 4, reason: "a control character must be escaped inside a string, found byte 0x00")),
            ("-", JSONSyntaxError(line: 1, byte: 2, reason: "expected a digit in a number, but the text ends there (cut short?)")),
            ("{} x", JSONSyntaxError(line: 1, byte: 4, reason: "expected the end of the text after a complete value, found 'x'")),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                XCTAssertEqual(error as? JSONSyntaxError, expected, text)
            }
        }
        XCTAssertEqual(JSONSyntaxError(line: 2, byte: 13, reason: "expected ':'").description, "line 2, byte 13: expected ':'")
    }

    /// Nesting is refused past a fixed depth on a thread with a small stack, as ingest's reading
    /// threads have, rather than overflowing it; the deepest nesting allowed still reads there.
    func testDeepNestingIsRefusedWithoutExhaustingAStack() throws {
        final class Outcomes: @unchecked Sendable {
            var lines: [String] = []
            let done = DispatchSemaphore(value: 0)
        }
        let outcomes = Outcomes()
        let thread = Thread {
            for depth in [128, 129, 100_000] {
                let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                do {
                    _ = try JSONValue.parse(Data(text.utf8))
                    outcomes.lines.append("\(depth): read")
                } catch {
                    outcomes.lines.append("\(depth): \(error)")
                }
            }
            outcomes.done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        XCTAssertEqual(outcomes.done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(outcomes.lines, [
            "128: read",
            "129: line 1, byte 129: nested deeper than 128 objects and arrays",
            "100000: line 1, byte 129: nested deeper than 128 objects and arrays",
        ])
    }

    /// Hostile text a fuzzer would try: never a crash, always a value or a located refusal.
    func testHostileTextIsReadOrRefusedNeverACrash() throws {
        XCTAssertEqual(try parse("1e999999").doubleValue, .infinity, "beyond Double: infinite, which details store as null")
        XCTAssertEqual(try parse("-1e999999").doubleValue, -.infinity)
        XCTAssertEqual(try parse("1e-999999").doubleValue, 0)
        XCTAssertEqual(try parse(String(repeating: "9", count: 100_000)).doubleValue, .infinity)
        XCTAssertEqual(try parse("-" + String(repeating: "1", count: 400)).doubleValue?.isFinite, false)
        XCTAssertEqual(try parse("\u{FEFF}[]"), .array([]), "a byte order mark before the value")
        let hostile = ["-", "--1", "+1", "1e+", ".5", "\u{FEFF}\u{FEFF}[]", "\"\\u", "\"\\ud800\\u", "{\"a\"", "[" + String(repeating: "{\"a\":[", count: 70)]
        for text in hostile {
            do {
                _ = try parse(text)
            } catch {
                XCTAssertTrue((1...text.utf8.count + 1).contains(error.byte), "\(text): byte \(error.byte)")
            }
        }
    }

    func testWritesCompactTextWithSortedKeys() throws {
        let value = try parse(#"{"b":[1,2.5,-3,1e20,true,null],"a":"quote \" back \\ slash / line\nbell \u0007 é","c":{}}"#)
        XCTAssertEqual(value.jsonText, #"{"a":"quote \" back \\ slash / line\nbell \u0007 é","b":[1,2.5,-3,1e+20,true,null],"c":{}}"#)
        XCTAssertEqual(try parse(value.jsonText), value, "what is written reads back the same")
        XCTAssertEqual(JSONValue.number(.nan).jsonText, "null")
        XCTAssertEqual(JSONValue.number(123_456_789_012_345).jsonText, "123456789012345")
    }
}
