import CivicPulseCore
@testable import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Engaged residents are HyperLogLog estimates: on a large simulated data set they must agree
/// with exact distinct counts within the sketch's stated error, on every slice analysts union.
final class ReachEngagedResidentsTests: XCTestCase {
    var database: TestDatabase!

    override func setUpWithError() throws {
        database = try TestDatabase()
    }

    override func tearDown() {
        database?.drop()
    }

    /// Four ISO weeks (2026-W45 to W48) of reactions, shares, comments, mentions and messages from
    /// a skewed population: a few residents very active, most seen once or twice.
    static func simulate(events count: Int, using generator: inout SplitMix) -> [EngagementEvent] {
        let start = utc("2026-11-02T00:00:00Z")
        let accounts = ReachFixtures.accounts.keys.sorted()
        let services = ["libraries", "leisure", "waste"]
        let kinds: [EventKind] = [.reaction, .reaction, .reaction, .share, .share, .mention, .comment, .inboundMessage]
        return (0..<count).map { index in
            let account = accounts.randomElement(using: &generator)!
            let target = ReachFixtures.accounts[account]!
            let u = Double.random(in: 0..<1, using: &generator)
            let resident = "resident-\(Int(u * u * 60_000))"
            let kind = kinds.randomElement(using: &generator)!
            return EngagementEvent(
                platform: target.channel, sourceType: "simulated", sourceID: "e\(index)", org: "harbourside", channel: target.channel,
                account: account, service: services.randomElement(using: &generator)!, kind: kind,
                actorHash: Fixtures.hasher.hash(platform: target.channel, userID: resident), actorIsOrg: false,
                occurredAt: start.addingTimeInterval(Double(Int.random(in: 0..<(28 * 86_400), using: &generator)))
            )
        }
    }

    /// Each slice: the exact distinct residents from the log, and the estimate from the sketches.
    static let slices = [
        "all": "",
        "service": "service",
        "channel": "channel",
        "service and week": "service, iso_week",
        "channel and week": "channel, iso_week",
        "service and day": "service, day",
        "account and day": "account, day",
    ]

    func testEngagedResidentsAgreeWithExactCountsWithinTheStatedError() throws {
        let connection = try database.connect()
        let config = try ReachFixtures.config()
        var generator = SplitMix(seed: 47)
        let events = Self.simulate(events: 120_000, using: &generator)
        // Pseudonyms are random per database (docs/privacy.md), and with them each run's sketches
        // and errors: over 200 slices a bound of three standard errors would then fail now and then.
        // These residents get fixed pseudonyms (SHA-256 of their keyed hash), so every run is the
        // same draw, as when the log held the keyed hashes themselves.
        let residents = Set(events.compactMap(\.actorHash)).map(\.lowercaseHex)
        _ = try connection.query("""
            INSERT INTO privacy.residents (lookup, pseudonym)
            SELECT decode(h, 'hex'), sha256(decode(h, 'hex')) FROM unnest(\(residents)::text[]) AS r(h)
            """)
        for chunk in events.chunked(into: 20_000) {
            try ReachFixtures.append(chunk, on: connection)
        }
        var started = Date()
        try Processor(connection: connection, config: config).catchUp()
        let processing = Date().timeIntervalSince(started)

        var errors: [Double] = []
        var worst = (slice: "", error: 0.0, exact: 0)
        for (name, columns) in Self.slices {
            let group = columns.isEmpty ? "" : "GROUP BY \(columns)"
            let select = columns.isEmpty ? "" : "\(columns),"
            let join = columns.isEmpty ? "ON true" : "USING (\(columns))"
            let rows = try connection.query(Query(unsafeSQL: """
                WITH exact AS (
                    SELECT \(select) count(DISTINCT actor_hash) AS exact
                    FROM (SELECT service, channel, account, (occurred_at AT TIME ZONE 'Europe/London')::date AS day,
                                 to_char((occurred_at AT TIME ZONE 'Europe/London')::date, 'IYYY-"W"IW') AS iso_week, actor_hash
                          FROM civicpulse.events WHERE NOT actor_is_org) e
                    \(group)
                ), estimate AS (
                    SELECT \(select) hll_cardinality(hll_union_agg(engaged_residents_sketch)) AS estimate
                    FROM analytics.reach_daily \(group)
                )
                SELECT exact, estimate FROM exact FULL JOIN estimate \(join)
                """))
            XCTAssertGreaterThan(rows.count, 0)
            for row in rows {
                let exact = try row.decode(Int.self, 0)
                let error = abs(try row.decode(Double.self, 1) - Double(exact)) / Double(exact)
                errors.append(error)
                if error > worst.error { worst = (name, error, exact) }
            }
        }
        let rms = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
        print("engaged residents: \(errors.count) slices, RMS relative error \(String(format: "%.2f%%", rms * 100)), worst \(String(format: "%.2f%%", worst.error * 100)) (\(worst.slice), \(worst.exact) residents)")
        XCTAssertGreaterThan(errors.count, 200)
        XCTAssertLessThanOrEqual(rms, 0.023, "the stated standard error")
        XCTAssertLessThanOrEqual(worst.error, 3 * 0.023, "no slice beyond three standard errors")

        let total = try connection.query("SELECT count(DISTINCT actor_hash) FROM civicpulse.events")[0].decode(Int.self, 0)
        XCTAssertGreaterThan(total, 20_000, "large enough for the estimate, not exact counting, to be tested")

        // The reach projection alone, from an empty state, in the processor's batch size.
        let reach = ReachProjection(connection: connection, config: config)
        try reach.reset()
        started = Date()
        var after: Int64 = 0
        while true {
            let rows = try connection.query("SELECT \(unescaped: LoggedEvent.columns) FROM \(unescaped: LoggedEvent.source) WHERE position > \(after) ORDER BY position LIMIT 10000")
            guard !rows.isEmpty else { break }
            let batch = try rows.map(LoggedEvent.init(row:))
            try connection.transaction { try reach.apply(batch) }
            after = batch[batch.count - 1].position
        }
        print("processed \(events.count) events in \(String(format: "%.2f", processing)) s (both projections); reach projection alone \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }
}
