import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseIngest
import CivicPulseStore
import Postgres
import XCTest

final class EventLogTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    func testIngestingTheSameFileTwiceAppendsNothingTheSecondTime() throws {
        let ingestor = try Fixtures.ingestor(connection)
        let first = try ingestor.ingest(file: Fixtures.path("harbourside-tweets.json"))
        XCTAssertEqual(first.read, 11)
        XCTAssertEqual(first.appended, 10)
        XCTAssertEqual(first.quarantined.count, 1)

        let second = try ingestor.ingest(file: Fixtures.path("harbourside-tweets.json"))
        XCTAssertEqual(second.appended, 0)
        XCTAssertEqual(second.duplicates, 10)
        XCTAssertEqual(try EventLog.count(on: connection), 10)
        XCTAssertEqual(try Quarantine.count(on: connection), 1, "a rejected record is quarantined once")
    }

    /// A file that repeats an event and holds some already in the log appends each new one once,
    /// whole, in event time, and counts the rest as duplicates.
    func testAFilePartlyInTheLogAppendsOnlyItsNewEventsOnce() throws {
        func tweet(_ id: String, minute: Double, text: String) -> EngagementEvent {
            EngagementEvent(platform: "twitter", sourceType: "tweet", sourceID: id, org: "harbourside", channel: "twitter",
                            account: "central", service: "unassigned", kind: .mention, actorIsOrg: false,
                            occurredAt: Date(timeIntervalSince1970: 1_763_900_000 + minute * 60), text: text,
                            details: ["n": .string(id)])
        }
        try connection.transaction {
            _ = try EventLog.append([tweet("a", minute: 1, text: "first"), tweet("b", minute: 2, text: "second")], sourceFile: "one.json", judge: Fixtures.isUrgent, on: connection)
        }
        let result = try connection.transaction {
            try EventLog.append([tweet("d", minute: 9, text: "tab\there"), tweet("b", minute: 2, text: "second"),
                                 tweet("c", minute: 5, text: "line\nbreak"), tweet("c", minute: 5, text: "redelivered"),
                                 tweet("a", minute: 1, text: "first")], sourceFile: "two.json", judge: Fixtures.isUrgent, on: connection)
        }
        XCTAssertEqual([result.appended, result.duplicates], [2, 3])
        let bodies = try openedBodies(on: connection)
        let rows = try connection.query("SELECT source_id, event_id::text, details ->> 'n', source_file FROM civicpulse.events ORDER BY position").map {
            [try $0.decode(String.self, 0), try XCTUnwrap(bodies[try $0.decode(String.self, 1)] ?? nil), try $0.decode(String.self, 2), try $0.decode(String.self, 3)]
        }
        XCTAssertEqual(rows, [["a", "first", "a", "one.json"], ["b", "second", "b", "one.json"],
                              ["c", "line\nbreak", "c", "two.json"], ["d", "tab\there", "d", "two.json"]])
    }

    /// A file new to the log, the usual case, goes straight into it by COPY, as `psql \copy`
    /// would: the log is not read to look its ids up first, which cost a tenth of ingest's server
    /// time (docs/performance.md). The council's own posts, so that nothing else reads the log.
    func testAFileNewToTheLogIsAppendedWithoutReadingTheLog() throws {
        let posts = ["1", "2", "3"].map { id in
            var post = Self.tweet(id)
            post.actorIsOrg = true
            post.kind = .post
            return post
        }
        let (result, reads) = try connection.transaction {
            let result = try EventLog.append(posts, sourceFile: "posts.json", judge: Fixtures.isUrgent, on: connection)
            let reads = try connection.query("""
                SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables WHERE relid = 'civicpulse.events'::regclass
                """)[0].decode(Int.self, 0)
            return (result, reads)
        }
        XCTAssertEqual(result, EventLog.AppendResult(appended: 3, duplicates: 0))
        XCTAssertEqual(reads, 0, "scans of civicpulse.events while appending a file new to it")
        let again = try connection.transaction {
            try EventLog.append(posts + [Self.tweet("4")], sourceFile: "posts-again.json", judge: Fixtures.isUrgent, on: connection)
        }
        XCTAssertEqual(again, EventLog.AppendResult(appended: 1, duplicates: 3), "a refused COPY falls back to looking the ids up")
        XCTAssertEqual(try EventLog.count(on: connection), 4)
    }

    /// Tweets `ids`, each by the resident whose keyed hash is `resident`.
    static func tweets(_ ids: [String], by resident: Data) -> [EngagementEvent] {
        ids.map { id in
            var tweet = Self.tweet(id)
            tweet.actorHash = resident
            return tweet
        }
    }

    static func tweet(_ id: String) -> EngagementEvent {
        EngagementEvent(platform: "twitter", sourceType: "tweet", sourceID: id, org: "harbourside", channel: "twitter",
                        account: "central", service: "unassigned", kind: .mention, actorIsOrg: false,
                        occurredAt: Date(timeIntervalSince1970: 1_763_900_000), text: "tweet \(id)")
    }

    /// Runs `append` in a transaction on a connection of its own while another ingest holds tweet
    /// "1" of a.json uncommitted: it finds nothing when it looks, then meets that event on COPY
    /// once the other commits. What `append` returned.
    func appendMeetingAnotherIngest<T: Sendable>(first events: [EngagementEvent] = [tweet("1")],
                                                 _ append: @escaping @Sendable (Connection) throws -> T) throws -> T {
        let first = try database.connect()
        try first.execute("BEGIN")
        XCTAssertEqual(try EventLog.append(events, sourceFile: "a.json", judge: Fixtures.isUrgent, on: first).appended, events.count)

        let second = try database.connect()
        let outcome = LockedBox<Result<T, any Error>>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome.value = Result { try second.transaction { try append(second) } }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3) // the second is now waiting on the first's uncommitted event
        try first.execute("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        return try XCTUnwrap(outcome.value).get()
    }

    func sourcesByFile() throws -> [String] {
        try connection.query("SELECT source_id, source_file FROM civicpulse.events ORDER BY source_id").map {
            try $0.decode(String.self, 0) + " " + $0.decode(String.self, 1)
        }
    }

    /// A message erased by `forget` stays erased when a fuller reading of it comes later: a
    /// correction would carry its link under a new key and its author under a new pseudonym.
    func testALaterReadingOfAnErasedMessageAppendsNoCorrection() throws {
        let resident = Data(repeating: 9, count: 32)
        var first = Self.tweet("1")
        first.actorHash = resident
        first.url = "https://x.com/resident/status/1"
        XCTAssertEqual(try connection.transaction { try EventLog.append([first], sourceFile: "a.json", judge: Fixtures.isUrgent, on: connection) }.appended, 1)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("erasures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let erased = try connection.transaction {
            try Erasure.forget(lookup: resident, judge: { _, _, _ in false }, quarantine: { [] }, archive: { _, _ in 0 }, register: ErasureRegister(home: home), on: connection)
        }
        XCTAssertEqual(erased.messages, 1)

        var fuller = first
        fuller.parentID = "900"
        let again = try connection.transaction { try EventLog.append([fuller], sourceFile: "b.json", judge: Fixtures.isUrgent, on: connection) }
        XCTAssertEqual(again, EventLog.AppendResult(appended: 0, duplicates: 1, corrected: 0))
        XCTAssertEqual(try connection.query("SELECT count(*) FROM civicpulse.events WHERE kind = 'correction'")[0].decode(Int.self, 0), 0)
    }

    /// `forget` of a resident while an ingest of their next message, met before, is not yet
    /// committed waits for it, and that message's key is destroyed too: their pseudonym is read,
    /// not inserted, so it is the lock taken on `privacy.residents` that holds the erasure off.
    func testForgetWaitsForAnIngestOfAKnownResidentsMessageAndErasesItToo() throws {
        let resident = Data(repeating: 8, count: 32)
        let tweets = Self.tweets(["1", "2"], by: resident)
        try connection.transaction { _ = try EventLog.append([tweets[0]], sourceFile: "a.json", judge: Fixtures.isUrgent, on: connection) }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("erasures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let erased = try appendMeetingAnotherIngest(first: [tweets[1]]) { connection in
            try Erasure.forget(lookup: resident, judge: { _, _, _ in false }, quarantine: { [] }, archive: { _, _ in 0 },
                               register: ErasureRegister(home: home), on: connection)
        }
        XCTAssertEqual(erased.messages, 2, "the message committed while forget waited is erased too")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM privacy.message_keys WHERE key IS NOT NULL")[0].decode(Int.self, 0), 0)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM privacy.residents")[0].decode(Int.self, 0), 0)
    }

    /// A file with a resident met before and residents new to the log: the known one keeps the
    /// pseudonym their earlier message has, each new one gets their own, and nobody is stored twice.
    func testAResidentMetAgainKeepsTheirPseudonymBesideNewOnes() throws {
        func tweet(_ id: String, by resident: UInt8) -> EngagementEvent {
            var tweet = Self.tweet(id)
            tweet.actorHash = Data(repeating: resident, count: 32)
            return tweet
        }
        try connection.transaction { _ = try EventLog.append([tweet("1", by: 1)], sourceFile: "a.json", judge: Fixtures.isUrgent, on: connection) }
        let result = try connection.transaction {
            try EventLog.append([tweet("2", by: 2), tweet("3", by: 1), tweet("4", by: 3)], sourceFile: "b.json", judge: Fixtures.isUrgent, on: connection)
        }
        XCTAssertEqual(result.appended, 3)
        let authors = Dictionary(uniqueKeysWithValues: try connection.query("SELECT source_id, actor_hash FROM civicpulse.events").map {
            (try $0.decode(String.self, 0), try $0.decode(Data.self, 1))
        })
        XCTAssertEqual(authors["3"], authors["1"], "the resident met again")
        XCTAssertEqual(Set(authors.values).count, 3, "three residents")
        XCTAssertFalse(authors.values.contains { $0.allSatisfy { $0 <= 3 } }, "pseudonyms, not the keyed hashes")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM privacy.residents").map { try $0.decode(Int.self, 0) }, [3])
    }

    /// Serve's group of two files by the same new resident: one pseudonym, allocated once.
    func testAGroupOfFilesByOneNewResidentGivesThemOnePseudonym() throws {
        let resident = Data(repeating: 5, count: 32)
        let files = Self.tweets(["1", "2"], by: resident).map { EventLog.EncodedEvents([$0], sourceFile: "\($0.sourceID).json") }
        let results = try connection.transaction { try EventLog.append(each: files, judge: Fixtures.isUrgent, on: connection) }
        XCTAssertEqual(results.map(\.appended), [1, 1])
        XCTAssertEqual(try connection.query("SELECT count(DISTINCT actor_hash) FROM civicpulse.events")[0].decode(Int.self, 0), 1)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM privacy.residents")[0].decode(Int.self, 0), 1)
    }

    /// Two ingests meeting the same new resident at once: the second waits for the pseudonym the
    /// first allocated and takes it, so the resident stays one resident and neither ingest fails.
    func testTwoIngestsMeetingANewResidentAtOnceGiveItOnePseudonym() throws {
        let resident = Data(repeating: 7, count: 32)
        let tweets = Self.tweets(["1", "2"], by: resident)
        let result = try appendMeetingAnotherIngest(first: [tweets[0]]) { [second = tweets[1]] connection in
            try EventLog.append([second], sourceFile: "b.json", judge: Fixtures.isUrgent, on: connection)
        }
        XCTAssertEqual(result.appended, 1)
        let stored = try connection.query("SELECT DISTINCT actor_hash FROM civicpulse.events").map { try $0.decode(Data.self, 0) }
        XCTAssertEqual(stored.count, 1, "one resident")
        XCTAssertNotEqual(stored.first, resident, "stored as a pseudonym, not as the keyed hash")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM privacy.residents").map { try $0.decode(Int.self, 0) }, [1])
    }

    /// Two ingests of overlapping files at once: the second must append only its own event, not
    /// fail the file.
    func testAnEventAppendedByAnotherIngestMeanwhileIsCountedAsADuplicate() throws {
        let result = try appendMeetingAnotherIngest { connection in
            try EventLog.append([Self.tweet("1"), Self.tweet("2")], sourceFile: "b.json", judge: Fixtures.isUrgent, on: connection)
        }
        XCTAssertEqual(result.appended, 1)
        XCTAssertEqual(result.duplicates, 1)
        XCTAssertEqual(try sourcesByFile(), ["1 a.json", "2 b.json"])
    }

    /// Serve's group of files appended with one COPY meets another ingest's event on it: each
    /// file is then counted as if appended alone, in order, and nothing is appended twice.
    func testAGroupMeetingAnotherIngestsEventCountsEachFileAsIfAppendedAlone() throws {
        let results = try appendMeetingAnotherIngest { connection in
            try EventLog.append(each: [EventLog.EncodedEvents([Self.tweet("1"), Self.tweet("2")], sourceFile: "b.json"),
                                       EventLog.EncodedEvents([Self.tweet("2"), Self.tweet("3")], sourceFile: "c.json")], judge: Fixtures.isUrgent, on: connection)
        }
        XCTAssertEqual(results.map { [$0.appended, $0.duplicates] }, [[1, 1], [1, 1]])
        XCTAssertEqual(try sourcesByFile(), ["1 a.json", "2 b.json", "3 c.json"])
    }

    func testABadRecordIsQuarantinedWithFileRecordFieldAndReasonWhileTheRestLands() throws {
        let report = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets.json"))
        XCTAssertTrue(report.needsAttention)
        let rows = try connection.query("SELECT source_file, record_path, record_id, field, reason FROM civicpulse.quarantine")
        XCTAssertEqual(rows.count, 1)
        XCTAssertTrue(try rows[0].decode(String.self, 0).hasSuffix("harbourside-tweets.json"))
        XCTAssertEqual(try rows[0].decode(String.self, 1), "data[8]")
        XCTAssertEqual(try rows[0].decode(String.self, 2), "1010")
        XCTAssertEqual(try rows[0].decode(String.self, 3), "created_at")
        XCTAssertTrue(try rows[0].decode(String.self, 4).contains("yesterday afternoon"))
    }

    func testAFileThatIsNotJSONIsReportedAndNothingIsAppended() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-json-\(UUID()).json")
        try Data("{\"data\": [ truncated".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let report = try Fixtures.ingestor(connection).ingest(file: file.path)
        XCTAssertEqual(report.failure, "line 1, byte 15: expected true, found 'n' (the file is neither JSON nor JSON Lines, one JSON object per line)")
        XCTAssertTrue(report.needsAttention)
        XCTAssertEqual(try EventLog.count(on: connection), 0)
    }

    func testTheLogRefusesUpdateDeleteAndTruncate() throws {
        _ = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets.json"))
        for statement in [
            "UPDATE civicpulse.events SET body = 'rewritten'",
            "DELETE FROM civicpulse.events",
            "TRUNCATE civicpulse.events",
        ] {
            XCTAssertThrowsError(try connection.execute(statement), statement) { error in
                let error = error as! PostgresError
                XCTAssertEqual(error.sqlState, "42501", statement)
                XCTAssertTrue(error.message.contains("append-only"), error.message)
            }
        }
        XCTAssertEqual(try EventLog.count(on: connection), 10)
    }

    func testTweetsAreClassifiedFromTheCouncilsPointOfView() throws {
        _ = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets.json"))
        let rows = try connection.query("SELECT source_id, kind, account, service, actor_is_org FROM civicpulse.events ORDER BY source_id")
        let byID = Dictionary(uniqueKeysWithValues: try rows.map { row in
            (try row.decode(String.self, 0), [try row.decode(String.self, 1), try row.decode(String.self, 2), try row.decode(String.self, 3)])
        })
        XCTAssertEqual(byID["1001"], ["inbound_message", "harbourside_twitter", "waste"], "routed by the keyword 'bin'")
        XCTAssertEqual(byID["1002"], ["reply", "harbourside_twitter", "customer_services"])
        XCTAssertEqual(byID["1003"], ["inbound_message", "harbourside_twitter", "unassigned"], "no rule matched: never a guess")
        XCTAssertEqual(byID["1005"], ["inbound_message", "leisure_twitter", "leisure"])
        XCTAssertEqual(byID["1009"], ["inbound_message", "harbourside_twitter", "unassigned"], "an @mention, not a reply")
        XCTAssertEqual(byID["1011"]?.first, "share")
        XCTAssertEqual(byID["1012"]?.first, "post")
        let hashes = try connection.query("SELECT count(*) FROM civicpulse.events WHERE actor_hash IS NULL OR octet_length(actor_hash) <> 32")
        XCTAssertEqual(try hashes[0].decode(Int.self, 0), 0)
        let rawIDs = try connection.query("SELECT count(*) FROM civicpulse.events WHERE details::text LIKE '%100001%'")
        XCTAssertEqual(try rawIDs[0].decode(Int.self, 0), 0, "resident ids are stored only as keyed hashes")
    }
}

/// A value handed from a test's worker thread to the test, read after the worker signals.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
