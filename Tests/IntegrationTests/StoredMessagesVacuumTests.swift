import CivicPulseReadModel
import Foundation
import Postgres
import XCTest
@testable import CivicPulseProcessor

/// A catch-up gives the space of settled messages back to `conversation_messages` itself
/// (`StoredMessagesVacuum`), since autovacuum lags it: the table is as large as the messages
/// open at a time need, not as all it ever held.
final class StoredMessagesVacuumTests: DatabaseTestCase {
    /// 5,000 messages stored, then settled (deleted), as a catch-up's batches do.
    private func storeAndSettle(on connection: Connection) throws {
        try connection.execute("""
            INSERT INTO projections.conversation_messages
                (log_position, event_id, conversation_key, org, platform, channel, account, service, kind, actor_is_org, occurred_at, source_id)
            SELECT n, gen_random_uuid(), 'harbourside/facebook:' || n, 'harbourside', 'facebook', 'facebook', 'page', 'waste', 'comment',
                   false, '2026-11-16 09:00:00+00'::timestamptz + n * interval '1 minute', 's' || n
            FROM generate_series(1, 5000) AS n;
            DELETE FROM projections.conversation_messages
            """)
    }

    private func tableBytes(_ connection: Connection) throws -> Int64 {
        try connection.query("SELECT pg_relation_size('projections.conversation_messages')")[0].decode(Int64.self, 0)
    }

    func testEveryHundredThousandEventsTheSpaceOfSettledMessagesServesNewOnes() throws {
        let connection = try database.connect()
        try storeAndSettle(on: connection)
        let held = try tableBytes(connection)
        var vacuum = StoredMessagesVacuum()
        try vacuum.applied(StoredMessagesVacuum.every - 1, on: connection)
        try storeAndSettle(on: connection)
        XCTAssertGreaterThan(try tableBytes(connection), held * 3 / 2, "not yet: the second messages took new space")

        try vacuum.applied(1, on: connection)
        try storeAndSettle(on: connection)
        XCTAssertLessThanOrEqual(try tableBytes(connection), held, "the third took the space the settled ones left")
    }

    /// The processor's group role may not vacuum a table it does not own: it leaves it to
    /// autovacuum, with no error and no warning.
    func testARoleThatDoesNotOwnTheTableLeavesItToAutovacuum() throws {
        let connection = try database.connect()
        XCTAssertTrue(try PostgresResponseRows.mayReclaimSettledSpace(on: connection), "the owner may")
        try connection.execute("SET ROLE civicpulse_processor")
        XCTAssertFalse(try PostgresResponseRows.mayReclaimSettledSpace(on: connection), "VACUUM would only warn that it skips the table")
        try storeAndSettle(on: connection)
        let held = try tableBytes(connection)
        var vacuum = StoredMessagesVacuum()
        try vacuum.applied(StoredMessagesVacuum.every, on: connection)
        try storeAndSettle(on: connection)
        XCTAssertGreaterThan(try tableBytes(connection), held * 3 / 2)
    }
}
