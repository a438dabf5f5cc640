import Foundation
import Postgres
import XCTest

/// Ingest honours the erasure register (`erasures.jsonl`, which a restore does not touch), so a
/// restore followed by ingesting again the days the backup lacked brings nothing of a forgotten
/// resident back, even before `privacy reapply` runs (docs/privacy.md, "Backups and restores").
/// Read as the superuser, every table of the restored database: their words and links are not
/// there, their old messages are under the pseudonym the erasure unlinked, and what they write
/// after the erasure is under a new one that no earlier event carries.
extension ForgetTests {
    /// Resident 1 writes again, after the erasure: tweet 7001, sent now.
    private func writesAgain() throws -> String {
        let again = folder.appendingPathComponent("again.jsonl")
        try (#"{"platform":"twitter","id":"7001","author":"\#(userID)","text":"Still no bin collection on Elm Road","time":"\#(Date().formatted(.iso8601))","url":null}"# + "\n")
            .write(to: again, atomically: true, encoding: .utf8)
        return again.path
    }

    /// The events other than tweet 7001 that carry its pseudonym, as author or addressee.
    private func joinedToTheNewMessage(on connection: Connection) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM civicpulse.events e, (SELECT actor_hash AS p FROM civicpulse.events WHERE source_id = '7001') n
            WHERE e.source_id <> '7001' AND n.p IN (e.actor_hash, e.addressee_hash)
            """)[0].decode(Int.self, 0)
    }

    /// A backup from before the week was ingested: the week ingested again holds resident 1's
    /// erased tweets, stored already erased under their old pseudonym, linked to nobody; every
    /// figure is what the forgetting database shows; their new tweet joins nothing old.
    func testIngestAfterARestoreBringsNothingOfAForgottenResidentBack() throws {
        try ingestWeek()
        let connection = try database.connect()
        let links = try residentLinks(on: connection, sources: ["1001", "1009"])
        XCTAssertEqual(links.count, 2)
        _ = try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", userID])
        let old = try pseudonyms(ofTweets: ["1001", "1009"], in: connection)
        let figuresAfterForget = try figures()
        let restored = try TestDatabase() // a backup taken before the week was ingested
        defer { restored.drop() }

        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")], database: restored.name).status, 3)
        _ = try succeeds(["process", "-q"], database: restored.name)
        let restoredConnection = try restored.connect()
        let rows = try everything(in: restored.name)
        for secret in try writtenByResident() + links + [try lookupHex(), "\"\(userID)\""] {
            XCTAssertFalse(rows.contains(secret), "readable again after ingesting into a restore: \(secret)")
        }
        XCTAssertEqual(try restoredConnection.query("SELECT count(*) FROM privacy.message_keys WHERE key IS NOT NULL AND event_id IN (SELECT event_id FROM civicpulse.events WHERE source_id IN ('1001', '1009'))")[0].decode(Int.self, 0), 0)
        XCTAssertEqual(try pseudonyms(ofTweets: ["1001", "1009"], in: restoredConnection), old, "logged under the pseudonym the erasure unlinked")
        XCTAssertEqual(try restoredConnection.query("SELECT count(*) FROM privacy.residents WHERE encode(pseudonym, 'hex') = \(old.first!)")[0].decode(Int.self, 0), 0,
                       "linked to nobody")
        XCTAssertEqual(try restoredConnection.query("SELECT count(*) FROM civicpulse.events WHERE source_id = '1002' AND encode(addressee_hash, 'hex') = \(old.first!)")[0].decode(Int.self, 0), 1,
                       "the council's answer to them addresses the old pseudonym, as it did")
        XCTAssertEqual(try figures(database: restored.name), figuresAfterForget, "every figure as the forgetting database has it")
        XCTAssertEqual(try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", userID], database: restored.name),
                       "no resident is known as twitter user '\(userID)' here: nothing is held\n")

        _ = try succeeds(["ingest", "-q", try writesAgain()], database: restored.name)
        XCTAssertTrue(try pseudonyms(ofTweets: ["7001"], in: restoredConnection).isDisjoint(with: old))
        XCTAssertEqual(try joinedToTheNewMessage(on: restoredConnection), 0, "no hash joins their old events to their new one")
        XCTAssertEqual(try succeeds(["privacy", "reapply", "-q"], database: restored.name), "erased again 0 messages of 0 residents\n",
                       "nothing left for reapply to do")
    }

    /// A backup from before the erasure links resident 1's user id to their old pseudonym again:
    /// what they write after the erasure, ingested into it, gets a new pseudonym, not that one.
    func testIngestIntoARestoreUnlinksTheErasedPseudonymFirst() throws {
        let restored = try restoredFromBeforeForget()
        defer { restored.drop() }
        let restoredConnection = try restored.connect()
        let old = try pseudonyms(ofTweets: ["1001", "1009"], in: restoredConnection)
        XCTAssertEqual(try restoredConnection.query("SELECT count(*) FROM privacy.residents WHERE encode(lookup, 'hex') = \(try lookupHex())")[0].decode(Int.self, 0), 1,
                       "the backup predates the erasure")

        _ = try succeeds(["ingest", "-q", try writesAgain()], database: restored.name)
        XCTAssertTrue(try pseudonyms(ofTweets: ["7001"], in: restoredConnection).isDisjoint(with: old))
        XCTAssertEqual(try joinedToTheNewMessage(on: restoredConnection), 0, "no hash joins their old events to their new one")
        XCTAssertEqual(try restoredConnection.query("SELECT count(*) FROM privacy.residents WHERE encode(pseudonym, 'hex') = \(old.first!)")[0].decode(Int.self, 0), 0)
    }
}
