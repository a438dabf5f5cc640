import Foundation
import Postgres
import XCTest

/// Every projection table's rows, as a count and an md5 of the rows in order; the checkpoint
/// (its time of writing) apart. Two ways of processing the same log must give the same digests.
func projectionDigests(_ database: TestDatabase) throws -> [String: String] {
    let connection = try database.connect()
    let tables = try connection.query("""
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'projections' AND table_type = 'BASE TABLE' AND table_name <> 'checkpoints' ORDER BY 1
        """).map { try $0.decode(String.self, 0) }
    var digests: [String: String] = [:]
    for table in tables {
        let row = try connection.query(Query(unsafeSQL: """
            SELECT count(*)::text || ' ' || md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))
            FROM (SELECT to_jsonb(p)::text AS r FROM projections.\(quoteIdentifier(table)) p) AS rows
            """))
        digests[table] = try row[0].decode(String.self, 0)
    }
    return digests
}

func assertSameProjections(_ got: [String: String], _ wanted: [String: String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(got.keys.sorted(), wanted.keys.sorted(), what, file: file, line: line)
    for table in wanted.keys.sorted() where got[table] != wanted[table] {
        XCTFail("\(what): projections.\(table) differs: \(got[table] ?? "-") against \(wanted[table]!)", file: file, line: line)
    }
}
