import CivicPulseReadModel
import Foundation
import Postgres
import XCTest

/// Items keep the calendar and policy versions they were judged by as an id, a digest of the two
/// labels (`ResponseRules`, migration 157): a pair is stored once per council, and a pair whose
/// id another pair holds stops the batch rather than judge items by the wrong labels.
final class ResponseRulesTests: DatabaseTestCase {
    let winter = ResponseRules(org: "harbourside", calendarVersion: "library calendar v2: winter", policyVersion: "SLA policy v1")

    func testAPairIsStoredOncePerCouncil() throws {
        let connection = try database.connect()
        try ResponseRules.save([winter], on: connection)
        try ResponseRules.save([winter, ResponseRules(org: "seaview", calendarVersion: winter.calendarVersion, policyVersion: winter.policyVersion)],
                               on: connection)
        XCTAssertEqual(try connection.query("SELECT org, rules_id FROM projections.response_rules ORDER BY org").map {
            "\(try $0.decode(String.self, 0)) \(try $0.decode(Int64.self, 1))"
        }, ["harbourside \(winter.id)", "seaview \(winter.id)"])
    }

    func testAPairWhoseIDTheCouncilsOtherPairHoldsIsRefusedByName() throws {
        let connection = try database.connect()
        try connection.query("""
            INSERT INTO projections.response_rules (org, rules_id, calendar_version, policy_version)
            VALUES ('harbourside', \(winter.id), 'standard office calendar v1', 'SLA policy v1')
            """)
        XCTAssertThrowsError(try ResponseRules.save([winter], on: connection)) { error in
            XCTAssertEqual("\(error)", "harbourside's calendar and policy versions \"standard office calendar v1\", \"SLA policy v1\" and "
                + "\"library calendar v2: winter\", \"SLA policy v1\" share an id; rename one version in the pipeline")
        }
        XCTAssertEqual(try connection.query("SELECT calendar_version FROM projections.response_rules").map { try $0.decode(String.self, 0) },
                       ["standard office calendar v1"])
    }
}
