import CivicPulseCore
import Foundation
import XCTest

/// Platform payloads are read and event details written by our own JSON code; these hold it to
/// what `JSONSerialization` reads and to the text the log has always stored.
final class JSONValueTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue {
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

    func testRefusesWhatIsNotJSON() {
        let bad = [
            "", "{", "[1,]", "{\"a\" 1}", "{'a':1}", "01", "1.", "-", "1e", "tru", "nul", "[1] x",
            "\"unterminated", "\"tab\there\"", #""\x""#, #""\ud83d""#, #""\udc00""#, #""\u12""#,
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for text in bad {
            XCTAssertThrowsError(try parse(text), text)
        }
        XCTAssertThrowsError(try JSONValue.parse(Data([0x22, 0xC3, 0x28, 0x22])), "a string that is not UTF-8")
    }

    func testWritesCompactTextWithSortedKeys() throws {
        let value = try parse(#"{"b":[1,2.5,-3,1e20,true,null],"a":"quote \" back \\ slash / line\nbell \u0007 é","c":{}}"#)
        XCTAssertEqual(value.jsonText, #"{"a":"quote \" back \\ slash / line\nbell \u0007 é","b":[1,2.5,-3,1e+20,true,null],"c":{}}"#)
        XCTAssertEqual(try parse(value.jsonText), value, "what is written reads back the same")
        XCTAssertEqual(JSONValue.number(.nan).jsonText, "null")
        XCTAssertEqual(JSONValue.number(123_456_789_012_345).jsonText, "123456789012345")
    }
}
