import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReadModel
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Spike detection through the real processor: derived events in the log, urgency, and the same
/// result whatever the arrival order, batch sizes or rebuilds (SpikeFixtures describes the data).
final class SpikeProcessorTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!
    var config: PipelineConfig!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        config = try Fixtures.config()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    private var fortnightAndFlood: [EngagementEvent] {
        SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: config) + SpikeFixtures.flood(config: config)
    }

    private func spikes() throws -> [String] {
        try connection.query("""
            SELECT dimension || ' ' || value || ' ' || to_char(started_at AT TIME ZONE 'Europe/London', 'Dy DD HH24:MI')
                   || ' to ' || coalesce(to_char(ended_at AT TIME ZONE 'Europe/London', 'Dy DD HH24:MI'), 'now')
            FROM projections.spikes ORDER BY dimension, value, started_at
            """).map { try $0.decode(String.self, 0) }
    }

    private func logged(_ kind: EventKind) throws -> [(sourceID: String, details: String)] {
        try connection.query("""
            SELECT source_id, details::text FROM civicpulse.events WHERE kind = \(kind.rawValue) AND platform = 'civicpulse' ORDER BY source_id
            """).map { (try $0.decode(String.self, 0), try $0.decode(String.self, 1)) }
    }

    func testTheFloodIsFoundInItsTopicServiceAndAllInboundAndNothingElseIs() throws {
        try SpikeFixtures.append(fortnightAndFlood, on: connection)
        let processor = Processor(connection: connection, config: config, batchSize: 5000)
        try processor.catchUp()
        XCTAssertEqual(try spikes(), [
            "all inbound Sat 21 10:00 to Sat 21 17:00",
            "service highways Sat 21 10:00 to Sat 21 17:00",
            "topic flooding Sat 21 10:00 to Sat 21 17:00",
        ], "three ordinary Mondays and the flood's own mentions rise and fall with it")

        let started = try logged(.spikeStarted)
        XCTAssertEqual(started.map(\.sourceID), [
            "harbourside/all/inbound/2026-11-21T10:00:00Z",
            "harbourside/service/highways/2026-11-21T10:00:00Z",
            "harbourside/topic/flooding/2026-11-21T10:00:00Z",
        ])
        XCTAssertEqual(try connection.query("""
            SELECT count(*) FROM projections.spikes s JOIN civicpulse.events e ON e.event_id = s.spike_id AND e.kind = 'spike_started'
            """)[0].decode(Int.self, 0), 3, "a spike's id is its spike_started event's, derived alike in Swift and in SQL")
        let flooding = try JSONSerialization.jsonObject(with: Data(started[2].details.utf8)) as! [String: Any]
        XCTAssertEqual(flooding["count"] as? Int, 60, "30 questions and 30 mentions")
        XCTAssertEqual(flooding["baseline_kind"] as? String, "weekly")
        XCTAssertEqual(flooding["baseline_hours"] as? Int, 2)
        XCTAssertEqual(flooding["baseline"] as? Double, 0)
        XCTAssertEqual(try logged(.spikeEnded).map(\.sourceID), [
            "harbourside/all/inbound/2026-11-21T10:00:00Z/2026-11-21T17:00:00Z",
            "harbourside/service/highways/2026-11-21T10:00:00Z/2026-11-21T17:00:00Z",
            "harbourside/topic/flooding/2026-11-21T10:00:00Z/2026-11-21T17:00:00Z",
        ])

        // Its own events move nothing: processing them finds nothing new to append.
        let logSize = try EventLog.count(on: connection)
        XCTAssertEqual(try processor.catchUp(), 0)
        try processor.rebuild()
        XCTAssertEqual(try EventLog.count(on: connection), logSize, "finding the same spikes again appends nothing")
    }

    func testMessagesOnATopicInSpikeAreUrgentWithTheUrgentTarget() throws {
        let earlier = SpikeFixtures.inbound(id: "sandbags-before", at: SpikeFixtures.local("2026-11-14", 11, 20),
                                            text: "Where can we get sandbags? Water is coming up Harbour Road", service: "highways", config: config)
        try SpikeFixtures.append(fortnightAndFlood + [earlier], on: connection)
        try Processor(connection: connection, config: config).catchUp()
        let rows = try connection.query("""
            SELECT source_id, priority, sla_target, to_char(due_at AT TIME ZONE 'Europe/London', 'Dy DD HH24:MI')
            FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items WHERE source_id IN ('flood-2026-11-21-10-0', 'sandbags-before', 'q-2026-11-21-12-0')
            ORDER BY source_id
            """).map { [try $0.decode(String.self, 0), try $0.decode(String.self, 1), try $0.decode(String.self, 2), try $0.decode(String.self, 3)] }
        XCTAssertEqual(rows, [
            ["flood-2026-11-21-10-0", "urgent", "1 hour", "Sat 21 11:00"],
            ["q-2026-11-21-12-0", "routine", "1 working hour", "Mon 23 09:01"],
            ["sandbags-before", "routine", "1 working hour", "Mon 16 10:00"],
        ], "the same words a week earlier, with no surge, are routine; a library question during the flood is on no flood topic (due after Saturday opening hours)")
    }

    func testArrivalOrderBatchSizesAndRebuildsGiveTheSameProjections() throws {
        let events = fortnightAndFlood
        // In order, in one go.
        try SpikeFixtures.append(events, on: connection)
        try Processor(connection: connection, config: config).catchUp()
        let inOrder = try SpikeFixtures.snapshot(connection)
        XCTAssertEqual(inOrder["spikes"]?.count, 3)
        XCTAssertEqual(inOrder["urgent"]?.count, 210, "every sandbag question, none of the others")

        // The same events in another database, arriving out of order (the flood first, then the
        // weeks newest first, each in no particular order), processed in small batches as they come.
        let other = try TestDatabase()
        defer { other.drop() }
        let late = try other.connect()
        let processor = Processor(connection: late, config: config, batchSize: 97)
        let chunks = [SpikeFixtures.flood(config: config)]
            + stride(from: 20, through: 0, by: -5).map { day in
                SpikeFixtures.ordinary(from: CivilDate("2026-11-02")!.adding(days: day).description, days: min(5, 21 - day), config: config)
                    .sorted { $0.eventID.uuidString < $1.eventID.uuidString }
            }
        for chunk in chunks {
            try SpikeFixtures.append(chunk, on: late)
            try processor.catchUp()
        }
        let outOfOrder = try SpikeFixtures.snapshot(late)
        for key in inOrder.keys.sorted() {
            let (got, wanted) = (outOfOrder[key] ?? [], inOrder[key] ?? [])
            XCTAssertEqual(got.count, wanted.count, "\(key): row counts differ")
            XCTAssertEqual(Array(zip(got, wanted).filter { $0 != $1 }.prefix(2).map { "\($0)\n  in order: \($1)" }), [], "\(key) differ")
        }

        let logSize = try EventLog.count(on: late)
        try Processor(connection: late, config: config, batchSize: 1000).rebuild()
        XCTAssertEqual(try SpikeFixtures.snapshot(late), outOfOrder, "a rebuild gives what incremental processing gave")
        XCTAssertEqual(try EventLog.count(on: late), logSize, "and appends no spike events again")
    }

    /// A platform's history imported after the recent weeks (as when a council adds Facebook's
    /// archive to a log that already holds Twitter's): each batch of old messages is judged only
    /// until it catches up with the spikes found before, weeks before the flood, and the result
    /// is what the weeks in order gave, the flood and the spikes in the old weeks included.
    func testHistoryImportedAfterTheRecentWeeksGivesWhatInOrderGave() throws {
        let found = try importingHistoryLate(recent: [])
        XCTAssertTrue(found.contains { $0.contains("Sat 19 09:00") } && found.contains { $0.contains("Sat 21 10:00") }, "\(found)")
    }

    /// A month of flooding questions day and night is one spike in both judgements at the point
    /// where a batch of old messages could stop, and still at the end of the counts read for it:
    /// the series is then read and judged in full, not ended where the counts ran out.
    func testASpikeLongerThanTheCountsReadIsJudgedOnAllOfThem() throws {
        let surge = (0..<28).flatMap { day in
            SpikeFixtures.flood(on: CivilDate("2026-10-12")!.adding(days: day).description, hours: 0...23,
                                perHour: day == 0 ? 10 : 4, config: config)
        }
        let found = try importingHistoryLate(recent: surge)
        XCTAssertTrue(found.contains { $0.hasPrefix("topic flooding Mon 12 00:00 to") && !$0.hasSuffix("Mon 12 01:00") }, "\(found)")
    }

    /// Eight weeks of history with a flood, then seven recent weeks with the November flood and
    /// `recent`: processed in order in one database, and in another the recent weeks first and
    /// the history after, in small batches. Asserts both give the same projections; returns the
    /// spikes found.
    private func importingHistoryLate(recent extra: [EngagementEvent]) throws -> [String] {
        let old = SpikeFixtures.ordinary(from: "2026-08-31", days: 35, config: config)
            + SpikeFixtures.flood(on: "2026-09-19", hours: 9...12, config: config)
        let recent = SpikeFixtures.ordinary(from: "2026-10-05", days: 49, config: config) + SpikeFixtures.flood(config: config) + extra
        try SpikeFixtures.append(old + recent, on: connection)
        try Processor(connection: connection, config: config).catchUp()
        let inOrder = try SpikeFixtures.snapshot(connection)

        let other = try TestDatabase()
        defer { other.drop() }
        let imported = try other.connect()
        let processor = Processor(connection: imported, config: config, batchSize: 400)
        for chunk in [recent, old] {
            try SpikeFixtures.append(chunk, on: imported)
            try processor.catchUp()
        }
        XCTAssertEqual(try SpikeFixtures.snapshot(imported), inOrder)
        return try spikes()
    }

    /// A catch-up that reads each batch on a second connection while the one before is applied
    /// ends where batch-by-batch processing ends: the same projections, the same spike events in
    /// the log (appended by its own transactions, which its reads ahead cannot see), every event taken.
    func testReadingAheadOnASecondConnectionGivesWhatBatchByBatchGave() throws {
        try SpikeFixtures.append(fortnightAndFlood, on: connection)
        try Processor(connection: connection, config: config, batchSize: 97).catchUp()
        let batchByBatch = try SpikeFixtures.snapshot(connection)

        // In small batches; and in one, whose own spike events the read beside it cannot see.
        for batchSize in [97, 100_000] {
            let other = try TestDatabase()
            defer { other.drop() }
            let ahead = try other.connect()
            try SpikeFixtures.append(fortnightAndFlood, on: ahead)
            let processor = Processor(connection: ahead, config: config, batchSize: batchSize, reader: try other.connect())
            let processed = try processor.catchUp()
            XCTAssertEqual(processed, try EventLog.count(on: ahead), "every event, its own spike events included (batches of \(batchSize))")
            XCTAssertEqual(try Checkpoint.eventsBeyond(limit: 0, on: ahead), 0, "nothing left beyond the checkpoint")
            XCTAssertEqual(try EventLog.count(on: ahead), try EventLog.count(on: connection))
            XCTAssertEqual(try SpikeFixtures.snapshot(ahead), batchByBatch)
            try processor.rebuild()
            XCTAssertEqual(try SpikeFixtures.snapshot(ahead), batchByBatch, "and so does a rebuild reading ahead")
        }
    }

    func testLateHistoryWithdrawsASpikeAndTheMessagesItMadeUrgentAreRoutineAgain() throws {
        // Tuesday is sandbag collection day at the quay: 20 residents ask about it at 08:00 every
        // week. Seen alone, this week's looks like a flood; the earlier weeks, ingested later,
        // show it is the usual Tuesday.
        let collection = { (date: String) -> [EngagementEvent] in
            (0..<20).map { SpikeFixtures.inbound(id: "sandbags-\(date)-\($0)", at: SpikeFixtures.local(date, 8, $0 * 2),
                                                 text: "Is the sandbags collection at the quay on today?", service: "highways", config: self.config) }
        }
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-16", days: 3, config: config) + collection("2026-11-17"), on: connection)
        let processor = Processor(connection: connection, config: config)
        try processor.catchUp()
        let found = try spikes()
        XCTAssertTrue(found.contains("topic flooding Tue 17 08:00 to Tue 17 09:00"), "\(found)")
        XCTAssertTrue(found.contains { $0.hasPrefix("service highways Tue 17 08:00") }, "\(found)")
        let item = "SELECT priority FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items WHERE source_id = 'sandbags-2026-11-17-3'"
        XCTAssertEqual(try connection.query(Query(unsafeSQL: item))[0].decode(String.self, 0), "urgent")
        let hour = try connection.query("""
            SELECT count(*), count(*) FILTER (WHERE priority = 'urgent') FROM projections.response_items
            WHERE opened_at >= '2026-11-17T08:00Z' AND opened_at < '2026-11-17T09:00Z'
            """)[0]
        XCTAssertEqual(try hour.decode(Int.self, 1), 20, "highways is in spike too, but only flooding is an urgent topic")
        XCTAssertGreaterThan(try hour.decode(Int.self, 0), 20)

        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 14, config: config)
            + collection("2026-11-03") + collection("2026-11-10"), on: connection)
        try processor.catchUp()
        let revised = try spikes()
        XCTAssertFalse(revised.contains { $0.contains("Tue 17") }, "\(revised)")
        XCTAssertEqual(try connection.query(Query(unsafeSQL: item))[0].decode(String.self, 0), "routine")
        XCTAssertTrue(try logged(.spikeEnded).contains { $0.sourceID == "harbourside/topic/flooding/2026-11-17T08:00:00Z/withdrawn" })
    }
}
