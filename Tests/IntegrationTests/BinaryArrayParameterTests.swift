import Foundation
import Postgres
import XCTest

/// Array parameters sent in binary (`BinaryArray`) come back element for element from the
/// server, empty, with NULLs and 100k long, through a plain statement, a prepared one and a
/// pipeline; they carry their type, so the statement needs no cast, and the text path could send
/// neither an untyped array nor a NULL element.
final class BinaryArrayParameterTests: DatabaseTestCase {
    /// `array`'s elements as the server reads them, in order, as text (NULL as nil).
    private static func elements(_ array: BinaryArray, prepared: Bool = false) -> Query {
        let query: Query = "SELECT e::text FROM unnest(\(array)) WITH ORDINALITY AS a(e, n) ORDER BY n"
        return prepared ? .prepared(query) : query
    }

    private func texts(_ rows: Rows) throws -> [String?] {
        try rows.map { try $0.decode(String?.self, 0) }
    }

    /// The three ways a statement is run, each giving the rows of `query`.
    private func everyWay(_ connection: Connection, _ query: (Bool) -> Query) throws -> [[String?]] {
        let rows = try [connection.query(query(false)), connection.query(query(true))] + connection.pipeline([query(false), query(true)])
        return try rows.map(texts)
    }

    func testUUIDsInt8ByteaAndTextComeBackElementForElementEveryWay() throws {
        let connection = try database.connect()
        let ids = [UUID(uuidString: "0f0e0d0c-0b0a-8908-8706-050403020100")!, UUID(uuidString: "ffffffff-0000-4000-8000-000000000001")!]
        for rows in try everyWay(connection, { Self.elements(BinaryArray(ids), prepared: $0) }) {
            XCTAssertEqual(rows, ["0f0e0d0c-0b0a-8908-8706-050403020100", "ffffffff-0000-4000-8000-000000000001"])
        }
        let bytes: [Data?] = [Data([0, 0x7f, 0x80, 0xff]), nil, Data()]
        for rows in try everyWay(connection, { Self.elements(BinaryArray(bytes), prepared: $0) }) {
            XCTAssertEqual(rows, [#"\x007f80ff"#, nil, #"\x"#])
        }
        for rows in try everyWay(connection, { Self.elements(BinaryArray([Int64(7), -1, Int64.min]), prepared: $0) }) {
            XCTAssertEqual(rows, ["7", "-1", "-9223372036854775808"])
        }
        let awkward: [String?] = [#"a "b",\{NULL}"#, "NULL", nil, "", "é 🚲"]
        for rows in try everyWay(connection, { Self.elements(BinaryArray(awkward), prepared: $0) }) {
            XCTAssertEqual(rows, awkward, "the string NULL is not NULL, nor a NULL element a string")
        }
        XCTAssertEqual(try connection.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, 0), 4,
                       "one statement a type: prepared for uuid[], the same text would refuse bytea[]'s elements")
    }

    func testAnEmptyArrayIsEmptyEveryWay() throws {
        let connection = try database.connect()
        for rows in try everyWay(connection, { prepared in
            let query: Query = "SELECT cardinality(\(BinaryArray([UUID]())))::text, \(BinaryArray([Data]()))::text"
            return prepared ? .prepared(query) : query
        }) {
            XCTAssertEqual(rows, ["0"], "no element")
        }
    }

    func testAHundredThousandUUIDsComeBackInOrderEveryWay() throws {
        let connection = try database.connect()
        let ids = (0..<100_000).map { _ in UUID() }
        let expected = ids.map { $0.uuidString.lowercased() }
        for rows in try everyWay(connection, { Self.elements(BinaryArray(ids), prepared: $0) }) {
            XCTAssertEqual(rows.count, 100_000)
            XCTAssertTrue(rows == expected, "every element in its place")
        }
    }

    /// The text path sends `{…}` with no type: `cardinality` of it is refused ("could not
    /// determine polymorphic type"); a binary array is sent as `uuid[]`, and a statement prepared
    /// with it keeps that type.
    func testABinaryArrayCarriesItsTypeSoTheStatementNeedsNoCast() throws {
        let connection = try database.connect()
        let array = BinaryArray([UUID(), UUID()])
        let query: Query = .prepared("SELECT pg_typeof(\(array))::text, cardinality(\(array))::text")
        XCTAssertEqual(try texts(connection.query(query)), ["uuid[]"])
        XCTAssertEqual(try connection.query(query)[0].decode(Int.self, 1), 2)
        XCTAssertEqual(try connection.query("SELECT parameter_types::text FROM pg_prepared_statements")[0].decode(String.self, 0),
                       "{uuid[],uuid[]}")
        XCTAssertThrowsError(try connection.query("SELECT cardinality(\([UUID(), UUID()].map(\.uuidString)))"), "the text path's array has no type")
    }

    func testTextAndBinaryParametersMixInOneStatement() throws {
        let connection = try database.connect()
        let query: Query = .prepared("""
            SELECT e::text FROM unnest(\(BinaryArray([Data([1]), Data([2]), Data([3])]))) WITH ORDINALITY AS a(e, n)
            WHERE n > \(1) AND e <> \(Data([3])) ORDER BY n
            """)
        for _ in 0..<2 {
            XCTAssertEqual(try texts(connection.query(query)), [#"\x02"#])
        }
    }
}
