import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import Foundation
import Postgres
import XCTest

/// The incident report on the flood of SpikeFixtures: three ordinary weeks, then 30 sandbag
/// questions and 30 burst-banks mentions an hour on Saturday 21 November, 10:00–16:59, unanswered.
final class IncidentReportTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!
    var config: PipelineConfig!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        config = try Fixtures.config()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: config) + SpikeFixtures.flood(config: config), on: connection)
        try Processor(connection: connection, config: config).catchUp()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    private let asOf = utc("2026-11-23T09:00:00Z")

    private func floodReport() throws -> IncidentReport {
        let spike = try XCTUnwrap(try ListedSpike.overlapping(org: "harbourside", from: utc("2026-11-21T00:00:00Z"), to: utc("2026-11-22T00:00:00Z"), on: connection)
            .first { $0.series == "topic flooding" })
        let found = try XCTUnwrap(try ListedSpike.find(org: "harbourside", id: spike.shortID, on: connection))
        XCTAssertEqual(found, spike, "the 8-digit id names the spike")
        let period = IncidentReport.period(of: found, asOf: asOf, clock: HourClock(timeZone: config.timeZone))
        return try IncidentReport.load(config: config, from: period.from, to: period.to, asOf: asOf, spike: found, on: connection)
    }

    func testTheFloodHourByHourAgainstTheSameHoursOfTheTwoSaturdaysBefore() throws {
        let report = try floodReport()
        XCTAssertEqual(report.from, utc("2026-11-21T10:00:00Z"))
        XCTAssertEqual(report.to, utc("2026-11-21T17:00:00Z"))
        XCTAssertEqual(report.normalWeeks, [utc("2026-11-14T10:00:00Z"), utc("2026-11-07T10:00:00Z")])
        XCTAssertEqual(report.timeline.count, 7)
        let ten = report.timeline[0]
        XCTAssertEqual(ten.inbound, 34, "30 sandbag questions and the usual 4")
        XCTAssertEqual(ten.usualInbound, 4)
        XCTAssertEqual(ten.mentions, 31, "30 about the banks and the usual walk by the harbour")
        XCTAssertEqual(ten.inSpike, ["all inbound", "service highways", "topic flooding"])
        XCTAssertEqual(report.inboundSparkline.count, 7)
        XCTAssertEqual(report.inboundSparkline.first, "█")

        XCTAssertEqual(report.topics.first, SeriesVolume(value: "flooding", messages: 420, usual: 0))
        XCTAssertEqual(report.services.first?.value, "highways")
        XCTAssertEqual(report.spikes.map(\.series), ["all inbound", "service highways", "topic flooding"])
    }

    func testResponsesDuringTheFloodAgainstNormalWeeksAndTheUrgentItemsLeft() throws {
        let report = try floodReport()
        let during = report.responses.during, normal = report.responses.normal
        XCTAssertEqual(during.urgent, 210)
        XCTAssertEqual(during.items - during.answered, 210, "only the everyday questions were answered")
        XCTAssertEqual(during.medianFirstResponseSeconds, 1800, "of those answered, as in every report")
        XCTAssertEqual(normal.urgent, 0)
        XCTAssertEqual(normal.answered, normal.items)
        XCTAssertEqual(normal.medianFirstResponseSeconds, 1800)
        XCTAssertEqual(report.unansweredUrgent.count, 210)
        XCTAssertEqual(report.unansweredUrgent.first?.openedAt, utc("2026-11-21T10:00:00Z"))
        XCTAssertEqual(report.unansweredUrgent.first?.status, "open_breached")

        let text = report.text()
        XCTAssertTrue(text.contains("Spike \(report.spike!.shortID): topic flooding from Sat 21 Nov 10:00, back to normal from Sat 21 Nov 17:00"), text)
        XCTAssertTrue(text.contains("Inbound per hour   \(report.inboundSparkline)  "), text)
        XCTAssertTrue(text.contains("Unanswered urgent items: 210"), text)
        let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as! [String: Any]
        XCTAssertEqual((json["unanswered_urgent"] as? [Any])?.count, 210)
        XCTAssertEqual(((json["topics"] as? [[String: Any]])?.first?["value"]) as? String, "flooding")
    }

    func testAnOrdinaryMorningHasNoSpikeAndLooksLikeItsUsualSelf() throws {
        let report = try IncidentReport.load(config: config, from: utc("2026-11-20T09:30:00Z"), to: utc("2026-11-20T11:10:00Z"),
                                             asOf: asOf, on: connection)
        XCTAssertEqual(report.timeline.map(\.hour), [utc("2026-11-20T09:00:00Z"), utc("2026-11-20T10:00:00Z"), utc("2026-11-20T11:00:00Z")],
                       "widened to whole hours")
        XCTAssertEqual(report.normalWeeks.count, 2, "Friday 6 and 13 November; the 30 October is before the log began")
        XCTAssertEqual(report.spikes, [])
        XCTAssertEqual(report.timeline.map(\.inbound), report.timeline.map { Int($0.usualInbound!) }, "an ordinary Friday is its usual self")
        XCTAssertTrue(report.unansweredUrgent.isEmpty)
    }
}
