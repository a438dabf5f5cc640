import CivicPulseCore
import Foundation
import XCTest

/// Keyed hashes, pseudonyms and signatures are written and compared as lower-case hex.
final class LowercaseHexTests: XCTestCase {
    func testEachByteIsTwoLowerCaseDigits() {
        XCTAssertEqual(Data().lowercaseHex, "")
        XCTAssertEqual(Data([0x00, 0x0F, 0x10, 0xA5, 0xFF]).lowercaseHex, "000f10a5ff")
        XCTAssertEqual([UInt8](0...255).lowercaseHex, (0...255).map { String(format: "%02x", $0) }.joined())
        XCTAssertEqual(Data(repeating: 0xAB, count: 32).lowercaseHex, String(repeating: "ab", count: 32))
    }
}
