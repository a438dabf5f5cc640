import CivicPulseCore
import Foundation
import Postgres
import XCTest

/// `civicpulse forget` (issue 22): read as the database superuser, table by table, nothing of the
/// forgotten resident's text, links or platform id is left, no hash joins their old messages to a
/// new one, every figure is as it was, and a rebuild gives the projections incremental gave.
/// `privacy reapply` erases again in a database restored from before the erasure.
final class ForgetTests: PrivacyCommandTestCase {
    /// Resident 1 of the fixture week (tweets 1001 and 1009, Fixtures/README.md).
    let userID = "100001"
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22"]

    /// What resident 1 wrote, as the fixture has it.
    func writtenByResident() throws -> [String] {
        let page = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("harbourside-tweets.json")))) as! [String: Any]
        let texts = (page["data"] as! [[String: Any]]).filter { $0["author_id"] as? String == userID }.compactMap { $0["text"] as? String }
        XCTAssertEqual(texts.count, 2)
        return texts
    }

    /// Every row of every table of the schemas that hold data, as JSON text, for `name`.
    func everything(in name: String? = nil) throws -> String {
        try everyRow(in: name ?? database.name)
    }

    /// The keyed hash of resident 1, which the log kept before pseudonyms.
    func lookupHex() throws -> String {
        let key = try String(contentsOf: folder.appendingPathComponent("actor.key"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = stride(from: 0, to: key.count, by: 2).map { UInt8(key.dropFirst($0).prefix(2), radix: 16)! }
        return ActorHasher(secret: Data(bytes)).hash(platform: "twitter", userID: userID).map { String(format: "%02x", $0) }.joined()
    }

    func figures(database name: String? = nil) throws -> [String] {
        try ["dashboard", "sla", "reach"].map { try succeeds([$0, "-q", "--format", "json"] + week, database: name) }
    }

    func pseudonyms(ofTweets ids: [String], in connection: Connection) throws -> Set<String> {
        Set(try connection.query("SELECT encode(actor_hash, 'hex') FROM civicpulse.events WHERE source_id = ANY(\(ids)::text[])").map { try $0.decode(String.self, 0) })
    }

    func testForgettingLeavesNothingReadableOrJoinableAndKeepsEveryFigure() throws {
        try ingestWeek()
        let texts = try writtenByResident()
        let connection = try database.connect()
        let links = try residentLinks(on: connection, sources: ["1001", "1009"])
        XCTAssertEqual(links.count, 2, "the fixture's tweets have links, which forget must make unreadable")
        let before = try everything()
        for text in texts { XCTAssertFalse(before.contains(text), "sealed at ingest already: \(text)") }
        XCTAssertEqual(try connection.query("SELECT 1 FROM civicpulse.events WHERE encode(actor_hash, 'hex') = \(try lookupHex())").count, 0,
                       "the log holds pseudonyms, not keyed hashes")
        // Every figure stays; only the links of the erased messages are gone from the lists.
        let figuresBefore = try figures().map { report in links.reduce(report) { $0.replacingOccurrences(of: "\"\($1)\"", with: "null") } }
        XCTAssertNotEqual(figuresBefore, try figures(), "the SLA report lists the resident's open item with its link")
        let old = try pseudonyms(ofTweets: ["1001", "1009"], in: connection)
        XCTAssertEqual(old.count, 1, "one resident, one pseudonym")

        XCTAssertEqual(try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", userID]),
                       "forgot 2 messages of 1 resident\n")

        let after = try everything()
        for secret in texts + links + [try lookupHex(), "\"\(userID)\"", "twitter:\(userID)"] {
            XCTAssertFalse(after.contains(secret), "still readable after forget: \(secret)")
        }
        XCTAssertEqual(try connection.query("SELECT 1 FROM privacy.residents WHERE encode(pseudonym, 'hex') = \(old.first!)").count, 0,
                       "the old pseudonym is linked to nobody")
        XCTAssertEqual(try figures(), figuresBefore, "no figure changes (neither message was withdrawn), and no link of theirs is shown")
        let register = try String(contentsOf: folder.appendingPathComponent("erasures.jsonl"), encoding: .utf8)
        for secret in texts + [userID] { XCTAssertFalse(register.contains(secret), "the register names no one: \(register)") }
        XCTAssertEqual(try connection.query("SELECT scope, events, keys_destroyed, residents_unlinked FROM privacy.erasures").map {
            "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1)) \(try $0.decode(Int.self, 2)) \(try $0.decode(Int.self, 3))"
        }, ["resident 2 2 1"])

        // A rebuild reads the tombstones: the same projections as incremental processing after forget.
        let incremental = try projectionDigests(database)
        _ = try succeeds(["process", "-q", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuild after forget")
        XCTAssertEqual(try figures(), figuresBefore)

        // The resident writes again: a new pseudonym that nothing joins to the old one.
        let again = folder.appendingPathComponent("again.jsonl")
        try (#"{"platform":"twitter","id":"7001","author":"\#(userID)","text":"Still no bin collection on Elm Road","time":"2026-11-21T09:00:00Z","url":null}"# + "\n")
            .write(to: again, atomically: true, encoding: .utf8)
        _ = try cli(["ingest", "-q", again.path])
        let new = try pseudonyms(ofTweets: ["7001"], in: connection)
        XCTAssertEqual(new.count, 1)
        XCTAssertTrue(new.isDisjoint(with: old), "a new message of a forgotten resident joins nothing of theirs")
    }

    /// Resident 2's tweet 1010 was quarantined (no timestamp): its raw payload holds their user
    /// id, handle and text. forget blanks it, counts it, and reapply blanks it again after a restore.
    func testForgetBlanksTheQuarantinedRecordsThatNameTheResident() throws {
        try ingestWeek()
        // Their handle stays in the council's own reply (1004), which is not sealed (docs/privacy.md).
        let secrets = ["@HarboursideCC broken record with no time", "\"100002\""]
        let connection = try database.connect()
        let payload = try connection.query("SELECT payload FROM civicpulse.quarantine")[0].decode(String.self, 0)
        for secret in secrets { XCTAssertTrue(payload.contains(secret), payload) }

        let line = try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", "100002"])
        XCTAssertEqual(line, "forgot 2 messages of 1 resident; 1 quarantined record erased\n")
        let after = try everything()
        for secret in secrets { XCTAssertFalse(after.contains(secret), "still readable after forget: \(secret)") }
        XCTAssertEqual(try connection.query("SELECT reason, record_id FROM civicpulse.quarantine").map { "\(try $0.decode(String.self, 0)) \(try $0.decode(String.self, 1))" },
                       ["erased: it named a resident who was forgotten 1010"], "the record stays, counted, with its message id")
        XCTAssertEqual(try connection.query("SELECT quarantined FROM privacy.erasures")[0].decode(Int.self, 0), 1)

        // A restore brings the payload back; the register names the record, so reapply blanks it.
        try connection.query("UPDATE civicpulse.quarantine SET payload = \(payload)")
        XCTAssertEqual(try succeeds(["privacy", "reapply", "-q"]), "erased again 0 messages of 0 residents; 1 quarantined record erased\n")
        XCTAssertFalse(try everything().contains(secrets[0]))
    }

    /// The week ingested, a backup taken, the resident forgotten, and the backup restored into a
    /// new database (the caller drops it).
    func restoredFromBeforeForget() throws -> TestDatabase {
        try ingestWeek()
        let dump = folder.appendingPathComponent("before.dump")
        try runTool("/usr/bin/pg_dump", ["--format=custom", "--file", dump.path, database.name])
        _ = try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", userID])
        let restored = try TestDatabase()
        try runTool("/usr/bin/pg_restore", ["--clean", "--if-exists", "--no-owner", "--dbname", restored.name, dump.path])
        return restored
    }

    func testARestoreFromBeforeTheErasureIsErasedAgainByReapply() throws {
        let restored = try restoredFromBeforeForget()
        defer { restored.drop() }
        let restoredConnection = try restored.connect()
        let readable = "SELECT count(*) FROM privacy.message_keys WHERE key IS NOT NULL AND event_id IN (SELECT event_id FROM civicpulse.events WHERE source_id IN ('1001', '1009'))"
        XCTAssertEqual(try restoredConnection.query(Query(unsafeSQL: readable))[0].decode(Int.self, 0), 2, "the backup predates the erasure")

        XCTAssertEqual(try succeeds(["privacy", "reapply", "-q"], database: restored.name), "erased again 2 messages of 1 resident\n")
        XCTAssertEqual(try restoredConnection.query(Query(unsafeSQL: readable))[0].decode(Int.self, 0), 0)
        let restoredRows = try everything(in: restored.name)
        for secret in try writtenByResident() + [try lookupHex()] { XCTAssertFalse(restoredRows.contains(secret), secret) }
        XCTAssertEqual(try succeeds(["privacy", "reapply", "-q"], database: restored.name), "erased again 0 messages of 0 residents\n",
                       "a second run has nothing left to do")
    }

    /// After a restore, reapply destroys the keys again run where there is no pipeline file and
    /// no actor key: the database needs neither. Only an archive folder to rewrite needs them,
    /// and then it says so on one line, after the database part is done.
    func testReapplyErasesTheDatabaseWithoutAPipelineOrTheKey() throws {
        let restored = try restoredFromBeforeForget()
        defer { restored.drop() }
        try FileManager.default.moveItem(at: folder.appendingPathComponent("actor.key"), to: folder.appendingPathComponent("actor.key.away"))
        let nowhere = ["CIVICPULSE_PIPELINE": folder.appendingPathComponent("none.yaml").path]

        let reapplied = try runAtHome(["privacy", "reapply", "-q"], database: restored.name, environment: nowhere)
        XCTAssertEqual(reapplied.status, 0, reapplied.err)
        XCTAssertEqual(reapplied.out, "erased again 2 messages of 1 resident\n")
        let readable = "SELECT count(*) FROM privacy.message_keys WHERE key IS NOT NULL AND event_id IN (SELECT event_id FROM civicpulse.events WHERE source_id IN ('1001', '1009'))"
        XCTAssertEqual(try restored.connect().query(Query(unsafeSQL: readable))[0].decode(Int.self, 0), 0)

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive"), withIntermediateDirectories: true)
        let withArchive = try runAtHome(["privacy", "reapply", "-q"], database: restored.name, environment: nowhere)
        XCTAssertEqual(withArchive.status, 1)
        XCTAssertEqual(withArchive.out, "erased again 0 messages of 0 residents\n")
        XCTAssertTrue(withArchive.err.hasPrefix("privacy reapply: the archive ") && withArchive.err.contains("was not rewritten: CIVICPULSE_PIPELINE"), withArchive.err)
        XCTAssertEqual(withArchive.err.split(separator: "\n").count, 1, withArchive.err)
    }

    func testForgetRefusesAnEmptyUserIDAndSaysWhenNobodyIsKnown() throws {
        let empty = try cli(["forget", "-q", "--platform", "twitter", "--user-id", " "])
        XCTAssertEqual(empty.status, 64)
        XCTAssertTrue(empty.err.hasPrefix("Error: --user-id must name something"), empty.err)
        XCTAssertEqual(try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", "424242"]),
                       "no resident is known as twitter user '424242' here: nothing to forget\n")
        XCTAssertEqual(try database.connect().query("SELECT count(*) FROM privacy.erasures")[0].decode(Int.self, 0), 0, "nothing to register")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("erasures.jsonl").path))
    }

    /// A damaged line of the register is named, not skipped: skipped, its message would stay
    /// readable after a restore while `reapply` reported success.
    func testReapplyRefusesADamagedRegisterLineAndNamesIt() throws {
        let line = #"{"at":"2026-12-01T00:00:00Z","messages":{"not-an-event-id":false},"pseudonyms":[],"scope":"resident"}"# + "\n"
        try line.write(to: folder.appendingPathComponent("erasures.jsonl"), atomically: true, encoding: .utf8)
        let result = try cli(["privacy", "reapply", "-q"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("erasures.jsonl: line 1 names a message that is not an event id"), result.err)
    }

    /// Runs a PostgreSQL client tool with `arguments`, expecting it to succeed.
    private func runTool(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(path): \(errors)")
    }
}
