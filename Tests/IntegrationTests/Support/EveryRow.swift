import Foundation
import Postgres
import XCTest

/// Every row of every table of the schemas that hold data in the database `name`, as JSON text,
/// read as the superuser: what a test of erasure searches for what must not be left readable.
func everyRow(in name: String) throws -> String {
    let connection = try Connection("dbname=\(name)")
    let tables = try connection.query("""
        SELECT table_schema || '.' || table_name FROM information_schema.tables
        WHERE table_schema IN ('civicpulse', 'projections', 'privacy', 'public') AND table_type = 'BASE TABLE' ORDER BY 1
        """).map { try $0.decode(String.self, 0) }
    XCTAssertTrue(tables.contains("civicpulse.events") && tables.contains("privacy.message_keys") && tables.contains("civicpulse.quarantine"))
    return try tables.map { table in
        try connection.query(Query(unsafeSQL: "SELECT coalesce(string_agg(to_jsonb(t)::text, E'\\n'), '') FROM \(table) t"))[0].decode(String.self, 0)
    }.joined(separator: "\n")
}
