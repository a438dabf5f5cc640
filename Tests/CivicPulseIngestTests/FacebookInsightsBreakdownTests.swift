import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Insights breakdowns as the Graph API sends them: objects keyed by country, city or age and
/// gender (one or two levels deep), and `[]` or `{}` when the period had no data.
final class FacebookInsightsBreakdownTests: XCTestCase {
    typealias F = FacebookFixtures

    func testAnEmptyBreakdownIsNoDataNotABadRecord() throws {
        let batch = try F.read("insights-breakdowns.json")
        XCTAssertEqual(batch.recordsRead, 5)
        XCTAssertEqual(batch.ignored, ["Insights rows with no data": 1], "page_fans_city had no data on either day")
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["data[4]"], "only the row with a word for a number is quarantined")
        XCTAssertEqual(batch.rejections.first?.field, "values[0].value.en_GB")
        XCTAssertTrue(batch.recognisedAs.hasSuffix("; read and ignored: 1 Insights rows with no data"), batch.recognisedAs)
        XCTAssertFalse(batch.events.contains { $0.sourceType == "page_insight:page_fans_city" })
    }

    func testABreakdownIsStoredPerKeyAndItsEmptyDaysGiveNothing() throws {
        let batch = try F.read("insights-breakdowns.json")
        let countries = batch.events.filter { $0.sourceType == "page_insight:page_fans_country" }
        XCTAssertEqual(countries.map { $0.details["breakdown"] }, [.string("GB"), .string("IE")])
        XCTAssertEqual(countries.map { $0.details["value"] }, [.number(11800), .number(240)])
        let ageGender = batch.events.filter { $0.sourceType == "page_insight:page_impressions_by_age_gender_unique" }
        XCTAssertEqual(ageGender.map { $0.details["breakdown"] }, [.string("F.25-34"), .string("M.25-34")])
    }

    func testATwoLevelBreakdownIsStoredPerInnerKey() throws {
        let batch = try F.read("insights-breakdowns.json")
        let reactions = try F.event(batch, "110000000000001:page_reactions_by_type_by_country/day[GB.love]@1772438400")
        XCTAssertEqual(reactions.details["value"], .number(4))
        XCTAssertEqual(batch.events.filter { $0.sourceType == "page_insight:page_reactions_by_type_by_country" }.count, 2)
    }
}
