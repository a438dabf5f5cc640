import Foundation
import XCTest

/// Resolution in `sla` and `dashboard` through the built command: the figures counted from
/// `export items`' rows for the same period, per service and channel and in all, and the
/// hand-computed ones of the web chat conversations (Tests/IntegrationTests/Fixtures/README.md).
final class ResolutionReportsCommandTests: WebchatWeekTestCase {
    private let keys = ["items", "resolved", "mean_resolution_seconds", "median_resolution_seconds", "mean_resolution_business_seconds",
                        "median_resolution_business_seconds", "resolved_at_first_contact", "first_contact_resolution_rate", "still_open", "unanswered"]

    func testSLAAndDashboardResolutionIsTheExportsPerServiceAndChannelAndInAll() throws {
        let rows = try jsonLines(week)
        var expected = Dictionary(grouping: rows) { "\($0["service"] as? String ?? "?")/\($0["channel"] as? String ?? "?")" }.mapValues(figures)
        expected["all/all"] = figures(rows)
        XCTAssertGreaterThan(expected.count, 3, "several services and channels")

        for command in ["sla", "dashboard"] {
            let report = try object(try civicpulse([command, "--format", "json"] + week))
            let groups = try XCTUnwrap(report["resolution"] as? [[String: Any]], command)
            let reported = Dictionary(uniqueKeysWithValues: groups.map { row in
                ("\(row["service"] as? String ?? "all")/\(row["channel"] as? String ?? "all")", keys.map { row[$0].flatMap(plain) })
            })
            XCTAssertEqual(reported, expected, command)
            XCTAssertEqual(groups.last?["service"] as? NSNull, NSNull(), "the total comes last")
            XCTAssertEqual(report["quiet_period_seconds"] as? Double, 48 * 3600)
        }
        let foi = try XCTUnwrap(try object(try civicpulse(["report", "foi", "--format", "json"] + week))["figures"] as? [String: Any])
        XCTAssertEqual(["resolved", "mean_resolution_seconds", "median_resolution_seconds", "resolved_at_first_contact", "still_open", "unanswered"]
            .map { foi[$0].flatMap(plain) }, ["resolved", "mean_resolution_seconds", "median_resolution_seconds", "resolved_at_first_contact",
                                             "still_open", "unanswered"].map { expected["all/all"]?[keys.firstIndex(of: $0)!] })
    }

    /// wc-9301 (90 h, 2 business hours over the August bank holiday, two replies), its follow-up
    /// wc-9303 (Fri 16:40 BST to Tue 10:00 BST: 89 h 20 m, 20 m + 1 h of business time, one
    /// reply), wc-9311 (30 minutes on a Saturday, no business time, one reply, the clocks going
    /// back inside its quiet period) and wc-9313, unanswered.
    func testHandComputedAcrossABankHolidayAndTheClocksGoingBack() throws {
        let period = ["--from", "2026-08-28", "--to", "2026-10-31", "--channel", "webchat"]
        let report = try object(try civicpulse(["sla", "--format", "json"] + period))
        let total = try XCTUnwrap((report["resolution"] as? [[String: Any]])?.last)
        let wall: [Double] = [90 * 3600, 321_600, 1800], business: [Double] = [7200, 4800, 0]
        let expected: [Double?] = [4, 3, wall.reduce(0, +) / 3, 321_600, business.reduce(0, +) / 3, 4800, 2, 2.0 / 3, 1, 1]
        XCTAssertEqual(keys.map { total[$0].flatMap(plain) }, expected)

        let text = try civicpulse(["sla"] + period)
        XCTAssertTrue(text.contains("\nResolution (resolved: no word from the resident within 48 hours of the council's last reply, "
            + "sla.resolution_quiet_period):\n"), text)
        let section = try XCTUnwrap(text.components(separatedBy: "\nResolution (").last)
        let all = try XCTUnwrap(section.split(separator: "\n").first { $0.hasPrefix("all ") }, text)
        XCTAssertEqual(all.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "),
                       "all all 4 3 2d 11h 3d 17h 1h 06m 1h 20m 2 (67%) 1")

        // The dashboard sets the section apart by a blank line as sla does, and names the total
        // row as its own table above does. It takes no --channel; those weeks hold only web chats.
        let dashboard = try civicpulse(["dashboard"] + period.prefix(4))
        XCTAssertTrue(dashboard.contains(" of items whose outcome is known. Unanswered: no answer yet.\n\nResolution (resolved: no word from the resident within 48 hours"), dashboard)
        let dashboardSection = try XCTUnwrap(dashboard.components(separatedBy: "\nResolution (").last)
        let dashboardAll = try XCTUnwrap(dashboardSection.split(separator: "\n").first { $0.hasPrefix("All services ") }, dashboard)
        XCTAssertEqual(dashboardAll.split(separator: " ").joined(separator: " "), "All services 4 3 2d 11h 3d 17h 1h 06m 1h 20m 2 (67%) 1")
    }

    /// A quiet period changed in the pipeline counts from the next `civicpulse process`, which
    /// rebuilds the kept resolutions and says so; until then the reports refuse, naming both
    /// periods, rather than count by the one the pipeline no longer says. With 72 hours the
    /// thanks 48½ hours after the answer to wc-9311 come within it, so it is no longer resolved.
    func testAQuietPeriodChangedInThePipelineCountsFromTheNextProcess() throws {
        let period = ["--from", "2026-08-28", "--to", "2026-10-31", "--channel", "webchat", "--format", "json"]
        let example = try String(contentsOf: pipeline, encoding: .utf8)
        try example.replacingOccurrences(of: "\nsla:\n", with: "\nsla:\n  resolution_quiet_period: 72 hours\n")
            .write(to: pipeline, atomically: true, encoding: .utf8)

        for command in [["sla"], ["dashboard"], ["report", "foi"], ["export", "items"]] {
            let refused = try run(command + period.prefix(4) + ["-q", "--pipeline", pipeline.path])
            XCTAssertEqual(refused.status, 1, "\(command): \(refused.err)")
            XCTAssertEqual(refused.err, "Error: sla.resolution_quiet_period is 72 hours in the pipeline, but the items' resolutions were kept with "
                + "48 hours: run `civicpulse process` (it recomputes them) and ask again\n", "\(command)")
        }

        let process = try run(["process", "--pipeline", pipeline.path])
        XCTAssertEqual(process.status, 0, process.err)
        XCTAssertTrue(process.err.components(separatedBy: "\n").contains("sla.resolution_quiet_period of harbourside changed from 48 hours to "
            + "72 hours since the items' resolutions were kept: rebuilding the projections from the log"), process.err)
        XCTAssertTrue(process.out.contains("(rebuilt from the start of the log)"), process.out)
        let report = try object(try civicpulse(["sla"] + period))
        XCTAssertEqual(report["quiet_period_seconds"] as? Double, 72 * 3600)
        let total = try XCTUnwrap((report["resolution"] as? [[String: Any]])?.last)
        XCTAssertEqual(["items", "resolved", "still_open", "unanswered"].map { total[$0].flatMap(plain) }, [4, 2, 2, 1])
        XCTAssertFalse(try run(["process", "--pipeline", pipeline.path]).err.contains("rebuilding"), "rebuilt once")
    }

    /// Monday 26 October 2026 holds one web chat item, the thanks of wc-9313, never answered:
    /// no reply to time and nothing resolved, said as such rather than as empty tables.
    func testADayWithNoAnswerSaysSo() throws {
        let day = ["--from", "2026-10-26", "--to", "2026-10-26", "--channel", "webchat"]
        let text = try civicpulse(["sla"] + day)
        XCTAssertTrue(text.contains("\nItems 1, answered 0 (0%), urgent 0\n"), text)
        XCTAssertTrue(text.contains("\n\nEvery reply: none answered yet\n"), text)
        let section = try XCTUnwrap(text.components(separatedBy: "\nResolution (").last)
        let all = try XCTUnwrap(section.split(separator: "\n").first { $0.hasPrefix("all ") }, text)
        XCTAssertEqual(all.split(separator: " ").joined(separator: " "), "all all 1 0 – – – – 0 (–) 1")
    }

    /// The figures of one group of exported rows, each as the JSON printed it.
    private func figures(_ rows: [[String: Any]]) -> [Double?] {
        let resolutions = rows.compactMap { $0["resolution_seconds"] as? Double }
        let business = rows.compactMap { $0["resolution_business_seconds"] as? Double }
        let firstContact = rows.filter { $0["resolved_at_first_contact"] as? Bool == true }.count
        let values: [Any?] = [
            rows.count, resolutions.count,
            resolutions.isEmpty ? nil : resolutions.reduce(0, +) / Double(resolutions.count), resolutions.isEmpty ? nil : median(resolutions),
            business.isEmpty ? nil : business.reduce(0, +) / Double(business.count), business.isEmpty ? nil : median(business),
            firstContact, resolutions.isEmpty ? nil : Double(firstContact) / Double(resolutions.count),
            rows.count - resolutions.count, rows.filter { $0["state"] as? String == "unanswered" }.count,
        ]
        return values.map { $0.flatMap(plain) }
    }

    /// A JSON number as a Double, null as nil, so counts and seconds compare whatever their type.
    private func plain(_ value: Any) -> Double? {
        (value as? NSNumber)?.doubleValue
    }
}
