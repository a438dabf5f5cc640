import CivicPulseCore
import CivicPulseReadModel
import CivicPulseReports
import Foundation
import Postgres
import XCTest

/// The resolution the processor keeps with each item (migration 133) gives, through the built
/// `export items` (whose rows `sla`, `dashboard` and `report foi` count) and
/// `analytics.response_items`, what `Resolution.of` reads from the conversation's messages, for
/// every item of three simulated weeks processed in small batches, at instants inside, at the end
/// of and after the period (docs/calendars-and-sla.md, "Resolution"); each timed on its service's
/// calendar as its first response is, and `sla` and `dashboard`, which read only what their
/// figures need, counting exactly what the export's rows give.
final class KeptResolutionCommandTests: DatabaseTestCase {
    private var folder: URL!
    private let period = ["--from", "2026-11-02", "--to", "2026-11-22"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kept-resolution-\(UUID().uuidString)")
        let simulated = try run(["simulate", "--days", "21", "--seed", "5", "--scale", "0.3", "--start", "2026-11-02", "--out", folder.path])
        XCTAssertEqual(simulated.status, 0, simulated.err)
        let ingest = try run(["ingest", "-q", folder.path])
        XCTAssertTrue([0, 3].contains(ingest.status), "3: the simulator's deliberate bad records: \(ingest.err)")
        let process = try run(["process", "-q", "--batch-size", "150"])
        XCTAssertEqual(process.status, 0, process.err)
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    /// Each resolved item's resolution as `Resolution.of` reads it at `asOf` from its
    /// conversation's messages, stored and settled; the others are not keys.
    private func expected(asOf: Date, on connection: Connection) throws -> [UUID: Resolution] {
        let config = try Fixtures.config()
        let items = try connection.query("SELECT item_id, opened_at, resident_hash, conversation_key FROM projections.response_items").map {
            (id: try $0.decode(UUID.self, 0), opened: try $0.decode(Date.self, 1), resident: try $0.decode(Data?.self, 2), key: try $0.decode(String.self, 3))
        }
        let messages = Dictionary(grouping: try conversationMessages(of: Array(Set(items.map(\.key))), on: connection, timeZone: config.timeZone),
                                  by: \.conversationKey)
        var resolutions: [UUID: Resolution] = [:]
        for item in items {
            resolutions[item.id] = Resolution.of(itemID: item.id, openedAt: item.opened, resident: item.resident, in: messages[item.key] ?? [],
                                                 quietPeriod: config.resolutionQuietPeriod, asOf: asOf)
        }
        return resolutions
    }

    private let instants = ["2026-11-09T12:00:00Z", "2026-11-20T09:30:00Z", "2026-11-23T00:00:00Z", "2026-11-24T17:45:00Z", "2027-01-01T00:00:00Z"]

    private func instant(_ text: String) throws -> Date {
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try XCTUnwrap(precise.date(from: text) ?? ISO8601DateFormatter().date(from: text), text)
    }

    func testExportItemsGivesResolutionOfForEveryItemAtEveryInstant() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        var resolved = 0, afterAFollowUp = 0, inBusinessHours = 0
        for asOf in instants {
            let wanted = try expected(asOf: try instant(asOf), on: connection)
            let result = try run(["export", "items", "-q", "--format", "jsonl", "--as-of", asOf] + period)
            XCTAssertEqual(result.status, 0, result.err)
            let rows = try result.out.split(separator: "\n").map { try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            XCTAssertGreaterThan(rows.count, 300, "three weeks of a council's items")
            for row in rows {
                let id = try XCTUnwrap(UUID(uuidString: try XCTUnwrap(row["item_id"] as? String)))
                let got = try (row["resolved_at"] as? String).map { Resolution(resolvedAt: try instant($0), councilReplies: try XCTUnwrap(row["council_replies"] as? Int)) }
                XCTAssertEqual(got, wanted[id], "item \(id) as of \(asOf)")
                XCTAssertEqual(row["state"] as? String == "resolved", wanted[id] != nil)
                if let resolution = wanted[id] {
                    resolved += 1
                    if resolution.councilReplies > 1 { afterAFollowUp += 1 }
                    let opened = try instant(try XCTUnwrap(row["opened_at"] as? String))
                    let calendar = config.calendar(forService: try XCTUnwrap(row["service"] as? String)).version(at: opened).value
                    let business = calendar.businessSeconds(from: opened, to: resolution.resolvedAt)
                    XCTAssertEqual((row["resolution_business_seconds"] as? NSNumber)?.doubleValue, Double(business), "item \(id) as of \(asOf)")
                    if business > 0 { inBusinessHours += 1 }
                }
            }
        }
        XCTAssertGreaterThan(resolved, 500, "items resolve")
        XCTAssertGreaterThan(afterAFollowUp, 5, "some after a follow-up and a second reply")
        XCTAssertGreaterThan(inBusinessHours, 100, "some take business time")
    }

    /// Per service and channel, then in all, as `ResolutionFigures(items:)` counts the export's
    /// rows (what `sla` and `dashboard` did before they read only the columns they count), at
    /// instants inside the period, with items still inside their quiet period, and after it.
    func testSLAAndDashboardCountTheExportsRowsAtEveryInstant() throws {
        struct Reported: Decodable { var resolution: [ResolutionFigures] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { try self.instant(try $0.singleValueContainer().decode(String.self)) }
        for asOf in instants {
            let export = try run(["export", "items", "-q", "--format", "jsonl", "--as-of", asOf] + period)
            XCTAssertEqual(export.status, 0, export.err)
            let items = try export.out.split(separator: "\n").map { try decoder.decode(ExportedItem.self, from: Data($0.utf8)) }
            let groups = Dictionary(grouping: items) { [$0.service, $0.channel] }
            let expected = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
                ResolutionFigures(items: groups[$0] ?? [], service: $0[0], channel: $0[1])
            } + [ResolutionFigures(items: items)]
            XCTAssertGreaterThan(expected.count, 4, "several services and channels")
            XCTAssertGreaterThan(expected.last?.resolved ?? 0, 0, "as of \(asOf)")
            for command in ["sla", "dashboard"] {
                let report = try run([command, "-q", "--format", "json", "--as-of", asOf] + period)
                XCTAssertEqual(report.status, 0, report.err)
                XCTAssertEqual(try JSONDecoder().decode(Reported.self, from: Data(report.out.utf8)).resolution, expected, "\(command) as of \(asOf)")
            }
        }
    }

    func testTheAnalystsViewGivesResolutionOfNow() throws {
        let connection = try database.connect()
        let rows = try connection.query("SELECT item_id, resolved_at, council_replies, judged_at FROM analytics.response_items")
        let judged = try XCTUnwrap(rows.first).decode(Date.self, 3)
        let wanted = try expected(asOf: judged, on: connection)
        XCTAssertGreaterThan(rows.count, 1000, "every item of the three weeks")
        for row in rows {
            let got = try row.decode(Date?.self, 1).map { Resolution(resolvedAt: $0, councilReplies: try row.decode(Int.self, 2)) }
            XCTAssertEqual(got, wanted[try row.decode(UUID.self, 0)])
        }
        XCTAssertGreaterThan(wanted.count, 500, "items resolve")
    }
}
