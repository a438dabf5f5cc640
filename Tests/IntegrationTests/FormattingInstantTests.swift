import CivicPulseReports
import Foundation
import XCTest

/// Instants as JSON and CSV write them, without a database: 10:01:00.001 is written with its
/// millisecond, not cut down to .000, so a duration recomputed from the exported instants is the
/// one written beside them.
final class FormattingInstantTests: XCTestCase {
    func testAnInstantIsWrittenToItsMillisecond() {
        XCTAssertEqual(Formatting.instant(Date(timeIntervalSince1970: 1_796_205_660.001)), "2026-12-02T10:01:00.001Z")
        XCTAssertEqual(Formatting.instant(Date(timeIntervalSince1970: 1_796_205_659.999_9)), "2026-12-02T10:01:00Z", "just under a second is that second")
        XCTAssertEqual(Formatting.instant(Date(timeIntervalSince1970: 1_796_115_600.7)), "2026-12-01T09:00:00.700Z")
        XCTAssertEqual(Formatting.instant(Date(timeIntervalSince1970: 1_796_205_660)), "2026-12-02T10:01:00Z")
    }
}
