import CivicPulseCore
import Foundation
import XCTest

final class PlatformTimestampTests: XCTestCase {
    private let expected = Date(timeIntervalSince1970: 1_509_487_847) // 2017-10-31 22:10:47 UTC

    func testEveryFormatThePlatformsSendGivesTheSameInstant() {
        for text in [
            "2017-10-31T22:10:47Z", "2017-10-31T22:10:47.000Z", "2017-10-31T22:10:47+0000", "2017-10-31T22:10:47+00:00",
            "2017-10-31T23:10:47+01:00", "2017-10-31T17:10:47-0500", "2017-10-31 22:10:47", "1509487847",
            "Tue Oct 31 22:10:47 +0000 2017", "Tue Oct 31 23:10:47 +0100 2017",
        ] {
            XCTAssertEqual(PlatformTimestamp.parse(text), expected, text)
        }
        XCTAssertEqual(PlatformTimestamp.parse(.number(1_509_487_847)), expected)
    }

    func testMillisecondsAreKept() {
        XCTAssertEqual(PlatformTimestamp.parse("2017-10-31T22:10:47.250Z")!.timeIntervalSince1970, 1_509_487_847.25, accuracy: 0.0001)
    }

    func testWhatIsNotATimestampIsRejected() {
        for text in ["", "yesterday", "2017-13-01T00:00:00Z", "2017-10-31T25:00:00Z", "2017-10-31T22:10:47 UTC", "Tue Oct 31 2017"] {
            XCTAssertNil(PlatformTimestamp.parse(text), text)
        }
    }
}
