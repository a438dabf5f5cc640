import Foundation
import Postgres
import XCTest

/// Our libpq wrapper on its own: what every other module relies on.
final class PostgresClientTests: DatabaseTestCase {
    func testInterpolatedValuesAreBindsNeverSQL() throws {
        let connection = try database.connect()
        let hostile = "x'); DROP TABLE civicpulse.events; --"
        let echoed = try connection.query("SELECT \(hostile)::text, \(Optional<String>.none)::text IS NULL")
        XCTAssertEqual(try echoed[0].decode(String.self, 0), hostile)
        XCTAssertEqual(try echoed[0].decode(Bool.self, 1), true)
        XCTAssertNotNil(try connection.query("SELECT to_regclass('civicpulse.events')::text")[0].decode(String?.self, 0))
    }

    /// A shared condition spliced into two statements keeps its values bound to the right places.
    func testASplicedQueryKeepsEachValueInItsPlace() throws {
        let connection = try database.connect()
        let condition: Query = "n > \(2) AND n <> \(5)"
        let rows = try connection.query("""
            SELECT \("price: $10")::text, array_agg(n ORDER BY n)::text FROM generate_series(1, \(7)) n WHERE \(condition)
            """)
        XCTAssertEqual(try rows[0].decode(String.self, 0), "price: $10", "a $ in a bound value is not a placeholder")
        XCTAssertEqual(try rows[0].decode(String.self, 1), "{3,4,6,7}")
    }

    func testValuesRoundTripExactly() throws {
        let connection = try database.connect()
        let instants = [Date(timeIntervalSince1970: 1_795_000_000.123456), Date(timeIntervalSince1970: -86_400 * 365.25 * 80)]
        let bytes = Data([0, 1, 0x7f, 0x80, 0xff])
        for instant in instants {
            let row = try connection.query("SELECT \(instant)::timestamptz, \(bytes)::bytea, \(UUID(uuidString: "0f0e0d0c-0b0a-8908-8706-050403020100")!)::uuid")[0]
            XCTAssertEqual(try row.decode(Date.self, 0).timeIntervalSince1970, instant.timeIntervalSince1970, accuracy: 0.000_001)
            XCTAssertEqual(try row.decode(Data.self, 1), bytes)
            XCTAssertEqual(try row.decode(UUID.self, 2).uuidString, "0F0E0D0C-0B0A-8908-8706-050403020100")
        }
        XCTAssertThrowsError(try connection.query("SELECT NULL::int")[0].decode(Int.self, 0), "NULL is not an Int")
    }

    /// A session set to another zone (an analyst's `SET TimeZone`, a `PGTZ`) still reads the same instants.
    func testTimestampsReadTheSameInstantInAnySessionZone() throws {
        let connection = try database.connect()
        let instant = "2026-03-29 00:30:00.25+00"
        for zone in ["Asia/Kolkata", "America/St_Johns", "Europe/London", "Africa/Monrovia"] {
            try connection.execute("SET TimeZone = '\(zone)'")
            let row = try connection.query("SELECT \(instant)::timestamptz, \(instant)::timestamptz::text")[0]
            let shown = try row.decode(String.self, 1)
            XCTAssertEqual(try row.decode(Date.self, 0).timeIntervalSince1970, 1_774_744_200.25, "\(zone): \(shown)")
        }
        // Liberia kept -00:44:30 until 1972: an offset with seconds.
        try connection.execute("SET TimeZone = 'Africa/Monrovia'")
        let old = try connection.query("SELECT '1960-01-01 00:00:00+00'::timestamptz, '1960-01-01 00:00:00+00'::timestamptz::text")[0]
        XCTAssertEqual(try old.decode(String.self, 1), "1959-12-31 23:15:30-00:44:30")
        XCTAssertEqual(try old.decode(Date.self, 0).timeIntervalSince1970, -315_619_200)
    }

    func testCopyKeepsAwkwardTextAndAnAbortedCopyKeepsNothing() throws {
        let connection = try database.connect()
        try connection.execute("CREATE TABLE copied (a text, b int)")
        let awkward = "tab\there\nnewline \\backslash \r ünïcödé"
        let copied = try connection.copyIn("COPY copied FROM STDIN") { writer in
            for index in 0..<20_000 {
                writer.field(index == 0 ? awkward : "row \(index)")
                writer.field(index == 1 ? nil : index)
                try writer.endRow()
            }
        }
        XCTAssertEqual(copied, 20_000, "more than one 64 KB chunk")
        XCTAssertEqual(try connection.query("SELECT a FROM copied WHERE b = 0")[0].decode(String.self, 0), awkward)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM copied WHERE b IS NULL")[0].decode(Int.self, 0), 1)

        struct Stop: Error {}
        XCTAssertThrowsError(try connection.copyIn("COPY copied FROM STDIN") { writer in
            writer.field("half")
            writer.field(1)
            try writer.endRow()
            throw Stop()
        })
        XCTAssertEqual(try connection.query("SELECT count(*) FROM copied")[0].decode(Int.self, 0), 20_000)
    }

    /// Every byte value, an empty value and NULL come back as sent, whether a `bytea` field is
    /// written by a writer or into rows encoded beforehand, after fields encoded elsewhere.
    func testCopiedByteaComesBackByteForByte() throws {
        let connection = try database.connect()
        try connection.execute("CREATE TABLE hashes (name text, hash bytea, other bytea)")
        let every = Data(0...255), empty = Data()
        var named = CopyRows()
        named.field("before")
        named.endRow()
        try connection.copyIn("COPY hashes FROM STDIN") { writer in
            writer.append(encodedFields: named.bytes.dropLast())
            writer.field(every)
            writer.field(nil as Data?)
            try writer.endRow()
            writer.field("writer")
            writer.field(empty)
            writer.field(every)
            try writer.endRow()
        }
        let stored = try connection.query("SELECT hash, other FROM hashes ORDER BY name").map {
            [try $0.decode(Data?.self, 0), try $0.decode(Data?.self, 1)]
        }
        XCTAssertEqual(stored, [[every, nil], [empty, every]])
        XCTAssertEqual(try connection.query("SELECT string_agg(name, ' ' ORDER BY name) FROM hashes")[0].decode(String.self, 0), "before writer")
    }

    func testServerErrorsCarrySQLStateAndDetail() throws {
        let connection = try database.connect()
        try connection.execute("CREATE TABLE once (id int PRIMARY KEY); INSERT INTO once VALUES (1)")
        XCTAssertThrowsError(try connection.query("INSERT INTO once VALUES (\(1))")) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.sqlState, "23505")
            XCTAssertEqual(error.detail, "Key (id)=(1) already exists.")
            XCTAssertTrue(error.description.hasPrefix("PostgreSQL error 23505: duplicate key value"), error.description)
        }
        XCTAssertEqual(try connection.query("SELECT 1")[0].decode(Int.self, 0), 1, "the connection is usable after an error")
        XCTAssertThrowsError(try Connection("host=/nonexistent-socket-folder dbname=nothing")) { error in
            XCTAssertEqual((error as? PostgresError)?.kind, .connection)
        }
    }

    /// A unique violation's detail quotes the row (`Key (text)=(…) already exists.`): what the
    /// error prints and logs says what failed and why, never the resident's words.
    func testAConstraintFailurePrintsNoValueOfTheRow() throws {
        let connection = try database.connect()
        let words = "Ms Okafor at 14 Quay Street says the drain is blocked again"
        try connection.execute("CREATE TABLE said (text text UNIQUE)")
        try connection.query("INSERT INTO said VALUES (\(words))")
        XCTAssertThrowsError(try connection.query("INSERT INTO said VALUES (\(words))")) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.sqlState, "23505")
            XCTAssertTrue(error.description.hasPrefix("PostgreSQL error 23505: duplicate key value violates unique constraint"), error.description)
            for shown in [error.description, "\(error)", error.localizedDescription, error.during("saving").description] {
                XCTAssertFalse(shown.contains("Quay Street"), shown)
            }
            XCTAssertTrue(error.debugDescription.contains(words), "the detail is there for debugging: \(error.debugDescription)")
        }
    }

    func testNotificationsArriveOnlyWhenTheSenderCommits() throws {
        let listener = try database.connect()
        try listener.listen("cp_test_channel")
        let sender = try database.connect()
        try sender.transaction {
            try sender.notify("cp_test_channel", payload: "hello")
            XCTAssertEqual(try listener.waitForNotifications(timeout: 0.2), [], "not before the commit")
        }
        let received = try listener.waitForNotifications(timeout: 5)
        XCTAssertEqual(received.map(\.channel), ["cp_test_channel"])
        XCTAssertEqual(received.map(\.payload), ["hello"])

        XCTAssertThrowsError(try sender.transaction {
            try sender.notify("cp_test_channel", payload: "rolled back")
            throw CancellationError()
        })
        XCTAssertEqual(try listener.waitForNotifications(timeout: 0.3).map(\.payload), [], "a rolled-back NOTIFY is never delivered")
    }

    func testASharedSnapshotSeesWhatTheExporterSeesNotLaterCommits() throws {
        let exporter = try database.connect(), reader = try database.connect(), writer = try database.connect()
        try writer.execute("CREATE TABLE cp_seen (n int); INSERT INTO cp_seen VALUES (1)")
        let counts = try exporter.exportingSnapshot { snapshot in
            try writer.execute("INSERT INTO cp_seen VALUES (2)")
            let shared = try reader.transaction(sharing: snapshot) {
                try reader.query("SELECT count(*) FROM cp_seen")[0].decode(Int.self, 0)
            }
            return (shared, try exporter.query("SELECT count(*) FROM cp_seen")[0].decode(Int.self, 0))
        }
        XCTAssertEqual(counts.0, 1, "the row committed after the export is not in the shared snapshot")
        XCTAssertEqual(counts.1, 1)
        XCTAssertEqual(try reader.query("SELECT count(*) FROM cp_seen")[0].decode(Int.self, 0), 2, "a new transaction sees it")
        XCTAssertThrowsError(try reader.transaction(sharing: "00000003-0000001B-1") { }, "an ended snapshot cannot be shared")
        XCTAssertEqual(try reader.query("SELECT 1")[0].decode(Int.self, 0), 1, "and the failed transaction was rolled back")
    }
}
