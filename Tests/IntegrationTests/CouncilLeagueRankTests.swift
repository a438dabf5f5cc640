@testable import CivicPulseReports
import XCTest

/// The league across councils ranks on In SLA, then the median, then the org id; a council with
/// nothing decided (or not recorded) comes last, unranked. Pure: no database.
final class CouncilLeagueRankTests: XCTestCase {
    func council(_ org: String, within: Double?, median: Double?) -> CouncilLeague.Row {
        CouncilLeague.Row(rank: nil, org: org, name: org, from: "2026-11-16", to: "2026-11-22", recorded: within != nil,
                          medianFirstResponseSeconds: median, withinTargetRate: within)
    }

    func testRanksOnWithinTargetThenMedianThenOrgWithUndecidedLast() {
        let ranked = CouncilLeague.ranked([
            council("zeta", within: nil, median: nil),
            council("delta", within: 0.5, median: 600),
            council("alpha", within: nil, median: 60),
            council("gamma", within: 0.8, median: 3600),
            council("beta", within: 0.5, median: 300),
            council("epsilon", within: 0.5, median: 300),
            council("eta", within: 0.5, median: nil),
        ])
        XCTAssertEqual(ranked.map(\.org), ["gamma", "beta", "epsilon", "delta", "eta", "alpha", "zeta"])
        XCTAssertEqual(ranked.map(\.rank), [1, 2, 3, 4, 5, nil, nil])
    }
}
