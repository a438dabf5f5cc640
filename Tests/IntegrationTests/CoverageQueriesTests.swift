import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest

/// Reports read only the gaps that meet the days they show (`CoverageQueries.gaps(meeting:)`),
/// not every day of the history; each gap must still come whole, however far it reaches beyond
/// those days, and none may be missed or made up.
final class CoverageQueriesTests: DatabaseTestCase {
    /// Data on 2026-11-02…05, 11-07…10, 11-18…19 and 12-11…13: gaps of one day (11-06), a week
    /// (11-11…17) and three weeks (11-20…12-10).
    private let stretches = [("2026-11-02", 4), ("2026-11-07", 4), ("2026-11-18", 2), ("2026-12-11", 3)]
    private let expected = [("2026-11-06", "2026-11-06"), ("2026-11-11", "2026-11-17"), ("2026-11-20", "2026-12-10")]

    func testTheGapsMeetingAnyStretchOfDaysAreThoseOfTheWholeHistoryThatMeetIt() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        try SpikeFixtures.append(stretches.flatMap { SpikeFixtures.ordinary(from: $0.0, days: $0.1, perHour: 0.5, config: config) }, on: connection)
        let processed = try run(["process", "-q"])
        XCTAssertEqual(processed.status, 0, processed.err)

        let span = try SpikeQueries.dataSpan(org: config.org, on: connection)
        let (start, until) = (try XCTUnwrap(span.start), try XCTUnwrap(span.until))
        let zone = config.timeZone
        let whole = try CoverageQueries.gaps(org: config.org, timeZone: zone, from: start, through: until, on: connection)
        XCTAssertEqual(whole.map { "\($0.firstDay) \($0.lastDay)" }, expected.map { "\($0.0) \($0.1)" })

        // Every stretch of up to ten days from before the data to after it.
        let first = CivilDate("2026-10-28")!.daysSinceEpoch, last = CivilDate("2026-12-18")!.daysSinceEpoch
        for low in first...last {
            for length in 0..<10 {
                let days = CivilDate(daysSinceEpoch: low)...CivilDate(daysSinceEpoch: low + length)
                let meeting = whole.filter { $0.firstDay <= days.upperBound && days.lowerBound <= $0.lastDay }
                let read = try CoverageQueries.gaps(org: config.org, timeZone: zone, from: start, through: until, meeting: days, on: connection)
                XCTAssertEqual(read, meeting, "\(days)")
            }
        }
    }
}
