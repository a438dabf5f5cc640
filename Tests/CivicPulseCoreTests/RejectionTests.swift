import CivicPulseCore
import XCTest

/// The line ingest prints and `quarantine` lists for a record it could not take: a field's
/// problem names the field; a line that could not be read at all says what is wrong with it,
/// where it read `field '(line)'`, as if the record had a field of that name.
final class RejectionTests: XCTestCase {
    private func rejection(field: String, reason: String) -> Rejection {
        Rejection(file: "export.jsonl", recordIndex: 4, recordPath: "line 5", recordID: nil, field: field, reason: reason, payload: "{")
    }

    func testALineThatCannotBeReadSaysWhatIsWrongWithIt() {
        XCTAssertEqual(rejection(field: "(line)", reason: "not valid JSON").description, "export.jsonl: line 5: not valid JSON")
    }

    func testAFieldsProblemNamesTheField() {
        XCTAssertEqual(rejection(field: "created_at", reason: "not a time").description, "export.jsonl: line 5: field 'created_at': not a time")
    }
}
