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

/// One council's rows of every projection table that names the org, as a count and an md5 of the
/// rows in order, without their places in the log: a log other councils share numbers the
/// council's events otherwise than a log holding it alone. The tables keyed by something other
/// than a council (reply links, videos) are `councilFreeProjectionRows`.
func projectionDigests(_ database: TestDatabase, org: String) throws -> [String: String] {
    let connection = try database.connect()
    var digests: [String: String] = [:]
    for table in try projectionTables(connection, namingOrg: true) {
        let row = try connection.query(Query(unsafeSQL: """
            SELECT count(*)::text || ' ' || md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))
            FROM (SELECT (to_jsonb(p) - \(placeInLog))::text AS r FROM projections.\(quoteIdentifier(table)) p WHERE p.org = $1) AS rows
            """, binds: [org]))
        digests[table] = try row[0].decode(String.self, 0)
    }
    return digests
}

/// The rows of every projection table that names no council, without their places in the log.
func councilFreeProjectionRows(_ database: TestDatabase) throws -> [String: [String]] {
    let connection = try database.connect()
    var rows: [String: [String]] = [:]
    for table in try projectionTables(connection, namingOrg: false) {
        rows[table] = try connection.query(Query(unsafeSQL: """
            SELECT (to_jsonb(p) - \(placeInLog))::text AS r FROM projections.\(quoteIdentifier(table)) p ORDER BY 1
            """)).map { try $0.decode(String.self, 0) }
    }
    return rows
}

private let placeInLog = "'position' - 'log_position' - 'title_position' - 'replay_tx_id' - 'replay_position'"

private func projectionTables(_ connection: Connection, namingOrg: Bool) throws -> [String] {
    try connection.query("""
        SELECT t.table_name FROM information_schema.tables t
        WHERE t.table_schema = 'projections' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'checkpoints'
          AND EXISTS (SELECT 1 FROM information_schema.columns c
                      WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'org') = \(namingOrg)
        ORDER BY 1
        """).map { try $0.decode(String.self, 0) }
}
