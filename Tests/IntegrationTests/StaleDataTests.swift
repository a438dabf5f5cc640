import CivicPulseCore
import CivicPulseStore
import Foundation
import XCTest

/// What the reports say about their data before any figure: that it stops short of the period,
/// that events wait for the processor, and that the week before the first data is unknown
/// rather than a week of zeros. The fixture week's newest message is the council's answer on
/// Monday 23 November at 10:05; its first is Monday 16th's question.
final class StaleDataTests: FixtureWeekTestCase {
    private let stopped = "Data until 2026-11-23 10:05: nothing has been processed after it (the feeds or `civicpulse process` may be down)."

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try run(arguments + ["-q", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.err)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], result.out)
    }

    private func text(_ arguments: [String]) throws -> [String] {
        let result = try run(arguments + ["-q"])
        XCTAssertEqual(result.status, 0, result.err)
        return result.out.components(separatedBy: "\n")
    }

    func testReportsOfTheWeekAfterTheDataStoppedSaySoUnderTheTitle() throws {
        // As the new user asked for this week's dashboard ten days after the last message.
        for arguments in [["dashboard", "--as-of", "2026-12-03T09:00:00Z"], ["sla", "--as-of", "2026-12-03T09:00:00Z"],
                          ["reach", "--as-of", "2026-12-03T09:00:00Z"]] {
            let lines = try text(arguments)
            XCTAssertEqual(lines.dropFirst().first, stopped, "\(arguments[0]):\n" + lines.joined(separator: "\n"))
            let header = try XCTUnwrap(try json(arguments)["header"] as? [String: Any])
            XCTAssertEqual(header["data_until"] as? String, "2026-11-23T10:05:00Z", arguments[0])
            XCTAssertEqual(header["data_stopped"] as? Bool, true, arguments[0])
            XCTAssertEqual(header["unprocessed_events"] as? Int, 0, arguments[0])
        }
        let scoped = try text(["sla", "--service", "leisure", "--as-of", "2026-12-03T09:00:00Z"])
        XCTAssertTrue(scoped[0].hasSuffix("as of 2026-12-03 09:00 — service leisure"), "the scope stays on the title: \(scoped)")
    }

    func testAWeekTheDataCoversOrThatEndsWithinADayOfItHasNoSuchLine() throws {
        let week = try text(["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"])
        XCTAssertFalse(week.contains { $0.hasPrefix("Data until") }, week.joined(separator: "\n"))
        let header = try XCTUnwrap(try json(["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"])["header"] as? [String: Any])
        XCTAssertEqual(header["data_until"] as? String, "2026-11-23T10:05:00Z", "said in JSON all the same")
        XCTAssertEqual(header["data_stopped"] as? Bool, false)

        // The small hours are often quiet: a day without messages is allowed for, as `alerts` allows it.
        XCTAssertFalse(try text(["dashboard", "--as-of", "2026-11-24T09:00:00Z"]).contains(stopped))
        XCTAssertTrue(try text(["dashboard", "--as-of", "2026-11-24T11:00:00Z"]).contains(stopped))
    }

    func testTheSummaryOfAWeekAfterTheDataSaysItStoppedNotThatThereIsNothingToReport() throws {
        let week = ["summary", "--week", "2026-W49", "--as-of", "2026-12-07T07:00:00Z"]
        let quiet = "No figures for 2026-W49: nothing has been processed after 2026-11-23 10:05, so the week is not known to be quiet."
        let text = try run(week + ["-q"])
        XCTAssertEqual(text.status, 0, text.err)
        let unwrapped = text.out.replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(unwrapped.contains(stopped) && unwrapped.contains(quiet), "under the title and in the headlines:\n" + text.out)
        for format in ["markdown", "html"] {
            let out = try run(week + ["-q", "--format", format]).out
            XCTAssertTrue(out.contains("Data until 2026-11-23 10:05: nothing has been processed after it"), out)
            XCTAssertTrue(out.contains(quiet), out)
            XCTAssertFalse(out.contains("nothing to report"), out)
        }
        XCTAssertFalse(text.out.contains("nothing to report"), text.out)
        let header = try XCTUnwrap(try json(week)["header"] as? [String: Any])
        XCTAssertEqual(header["data_stopped"] as? Bool, true)
        XCTAssertEqual(header["data_until"] as? String, "2026-11-23T10:05:00Z")
    }

    func testEventsWaitingForTheProcessorAreNotedUntilItRuns() throws {
        _ = try run(["ingest", "-q", Fixtures.path("harbourside-dst-and-bank-holiday.json")])
        let note = "4 events not processed yet: run `civicpulse process`."
        for arguments in [["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"], ["sla", "--from", "2026-11-16", "--to", "2026-11-22"]] {
            // Under the title, after the lines on the data's extent (the fixture's weekend has no event: a gap).
            XCTAssertTrue(try text(arguments).dropFirst().contains(note), arguments[0])
            XCTAssertEqual((try json(arguments)["header"] as? [String: Any])?["unprocessed_events"] as? Int, 4, arguments[0])
        }
        XCTAssertTrue(try text(["summary", "--week", "2026-W47"]).contains(note))
        let alerts = try run(["alerts", "-q", "--as-of", "2026-11-23T11:00:00Z"])
        XCTAssertTrue(alerts.out.components(separatedBy: "\n").contains("Warning: " + note), alerts.out)

        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        XCTAssertFalse(try text(["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"]).contains { $0.contains("not processed yet") })
    }

    /// Counting stops past 10,000, so the check stays cheap however far behind the processor is.
    func testOverTenThousandWaitingAreCountedNoFurther() throws {
        let config = try Fixtures.config()
        let events = (0..<10_005).map { index in
            EngagementEvent(platform: "twitter", sourceType: "tweet", sourceID: "bulk-\(index)", org: config.org, channel: "twitter",
                            account: "harbourside_twitter", service: "unassigned", kind: .reaction, actorIsOrg: false,
                            occurredAt: utc("2026-11-24T12:00:00Z"))
        }
        let connection = try database.connect()
        try connection.transaction { _ = try EventLog.append(events, sourceFile: "bulk", judge: Fixtures.isUrgent, on: connection) }
        let arguments = ["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"]
        XCTAssertTrue(try text(arguments).dropFirst().contains("Over 10,000 events not processed yet: run `civicpulse process`."))
        XCTAssertEqual((try json(arguments)["header"] as? [String: Any])?["unprocessed_events"] as? Int, 10_001, "10,001 stands for more")
    }

    func testTheFirstWeekOfDataHasNoChangeFromTheWeekBefore() throws {
        let first = try text(["summary", "--week", "2026-W47"])
        let questions = try XCTUnwrap(first.first { $0.hasPrefix("Questions received") })
        XCTAssertEqual(questions.split(separator: " ").suffix(3), ["5", "–", "·······▄"],
                       "5 questions, no change from a week before the data, no trend before it: \(questions)")
        let summary = try json(["summary", "--week", "2026-W47"])
        let headline = try XCTUnwrap(summary["headline"] as? [String: Any])
        for figure in ["questions", "engaged_residents"] {
            let change = try XCTUnwrap(headline[figure] as? [String: Any], figure)
            XCTAssertEqual(change["previous"] as? NSNull, NSNull(), figure)
            XCTAssertEqual(change["change"] as? NSNull, NSNull(), figure)
        }
        let trend = try XCTUnwrap(summary["trend"] as? [[String: Any]])
        XCTAssertEqual(trend.map { $0["questions"] as? Int }, [nil, nil, nil, nil, nil, nil, nil, 5])

        // The league table of the same week, in the dashboard: no change either.
        let board = try json(["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"])
        let total = try XCTUnwrap(((board["league_table"] as? [String: Any])?["rows"] as? [[String: Any]])?.last)
        XCTAssertEqual((total["engaged_residents"] as? [String: Any])?["change"] as? NSNull, NSNull())
        XCTAssertEqual((total["items"] as? [String: Any])?["previous"] as? NSNull, NSNull())
        let league = try XCTUnwrap(try text(["dashboard", "--from", "2026-11-16", "--to", "2026-11-22"]).last { $0.hasPrefix("All services") })
        XCTAssertFalse(league.contains("+"), "no growth from zero: \(league)")

        // The week after has a week before it: its change is stated.
        let next = try text(["summary", "--week", "2026-W48", "--as-of", "2026-11-30T00:00:00Z"])
        XCTAssertEqual(try XCTUnwrap(next.first { $0.hasPrefix("Questions received") }).split(separator: " ").dropFirst(2).prefix(2),
                       ["0", "−5"])
    }
}
