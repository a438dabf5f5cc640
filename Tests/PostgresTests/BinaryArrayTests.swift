import Foundation
import Postgres
import XCTest

/// The exact bytes of array parameters in PostgreSQL's binary array format (`array_recv`), with
/// no server: a header of ndim, the NULL flag and the element type, each dimension's length and
/// lower bound 1, then every element as its length (-1 for NULL) and bytes, all integers big-endian.
final class BinaryArrayTests: XCTestCase {
    private func int32(_ value: Int32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    func testUUIDsAreTheirSixteenBytesEachUnderAOneDimensionHeader() {
        let first = UUID(uuidString: "00010203-0405-0607-0809-0a0b0c0d0e0f")!
        let second = UUID(uuidString: "ffeeddcc-bbaa-9988-7766-554433221100")!
        let array = BinaryArray([first, second])
        XCTAssertEqual(array.type, 2951, "uuid[]")
        XCTAssertEqual(array.bytes, int32(1) + int32(0) + int32(2950) + int32(2) + int32(1)
            + int32(16) + Array(0...15)
            + int32(16) + [0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00])
    }

    func testByteaElementsAreTheirBytesAndANullElementIsLengthMinusOneWithTheFlagSet() {
        let array = BinaryArray([Data([0x00, 0xff]), nil, Data()])
        XCTAssertEqual(array.type, 1001, "bytea[]")
        XCTAssertEqual(array.bytes, int32(1) + int32(1) + int32(17) + int32(3) + int32(1)
            + int32(2) + [0x00, 0xff]
            + int32(-1)
            + int32(0))
        XCTAssertEqual(BinaryArray([Data([7]), Data([8])] as [Data?]).bytes, BinaryArray([Data([7]), Data([8])]).bytes,
                       "optional elements with no NULL among them: the flag stays 0")
    }

    func testInt8ElementsAreTheirEightBytesBigEndian() {
        let array = BinaryArray([Int64(1), -2, Int64.max])
        XCTAssertEqual(array.type, 1016, "int8[]")
        XCTAssertEqual(array.bytes, int32(1) + int32(0) + int32(20) + int32(3) + int32(1)
            + int32(8) + [0, 0, 0, 0, 0, 0, 0, 1]
            + int32(8) + [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]
            + int32(8) + [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
    }

    func testTextElementsAreTheirUTF8WithNoQuotingOrEscapes() {
        let array = BinaryArray([#"a "b",\{NULL}"#, "é"])
        XCTAssertEqual(array.type, 1009, "text[]")
        XCTAssertEqual(array.bytes, int32(1) + int32(0) + int32(25) + int32(2) + int32(1)
            + int32(13) + Array(#"a "b",\{NULL}"#.utf8)
            + int32(2) + [0xc3, 0xa9])
    }

    func testAnEmptyArrayHasNoDimensionAsTheServerSendsOne() {
        XCTAssertEqual(BinaryArray([UUID]()).bytes, int32(0) + int32(0) + int32(2950))
        XCTAssertEqual(BinaryArray([String?]()).bytes, int32(0) + int32(0) + int32(25))
    }

    func testAnInterpolatedArrayIsABinaryBindAndTextValuesStayText() {
        let array = BinaryArray([Data([1])])
        let query: Query = "SELECT \(array), \(2)"
        XCTAssertEqual(query.sql, "SELECT $1, $2")
        XCTAssertEqual(query.binds, [.binary(array), .text("2")])
    }
}
