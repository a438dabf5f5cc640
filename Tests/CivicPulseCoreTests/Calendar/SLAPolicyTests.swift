import XCTest
@testable import CivicPulseCore

final class SLAPolicyTests: XCTestCase {
    private func target(_ text: String) -> SLATarget { try! SLATarget(parsing: text) }

    private var policy: SLAPolicy {
        SLAPolicy(rules: [
            SLARule(target: target("2 working days")),
            SLARule(channel: "twitter", target: target("4 working hours")),
            SLARule(service: "planning", target: target("5 working days")),
            SLARule(service: "customer_services", channel: "twitter", target: target("1 working hour")),
            SLARule(priority: .urgent, target: target("1 hour")),
            SLARule(service: "highways", priority: .urgent, target: target("30 minutes")),
        ])
    }

    func testMostSpecificRuleWinsInTheDocumentedOrder() {
        let policy = self.policy
        XCTAssertEqual(policy.target(service: "customer_services", channel: "twitter", priority: .routine), target("1 working hour"))
        XCTAssertEqual(policy.target(service: "planning", channel: "twitter", priority: .routine), target("5 working days"),
                       "service beats channel")
        XCTAssertEqual(policy.target(service: "parks", channel: "twitter", priority: .routine), target("4 working hours"))
        XCTAssertEqual(policy.target(service: "parks", channel: "facebook", priority: .routine), target("2 working days"))
        XCTAssertEqual(policy.target(service: "customer_services", channel: "twitter", priority: .urgent), target("1 hour"),
                       "an org-wide urgent target beats a service's routine one")
        XCTAssertEqual(policy.target(service: "highways", channel: "twitter", priority: .urgent), target("30 minutes"))
        XCTAssertEqual(policy.rule(service: "highways", channel: "x", priority: .urgent)?.description, "service highways, priority urgent: 30 minutes")
        XCTAssertEqual(policy.rule(service: "parks", channel: "x", priority: .routine)?.description, "default: 2 working days")
    }

    func testNoRuleMeansNoSLA() {
        let policy = SLAPolicy(rules: [SLARule(service: "planning", target: target("5 working days"))])
        XCTAssertNil(policy.target(service: "parks", channel: "twitter", priority: .routine))
    }

    func testEmergencyKeywordsMakeItemsUrgent() {
        XCTAssertEqual(policy.priority(of: "Gas leak on Elm Road"), .urgent)
        XCTAssertEqual(policy.priority(of: "When are the floodlights fixed?"), .routine)
        let custom = SLAPolicy(rules: [], emergencyKeywords: KeywordMatcher(["sinkhole"]))
        XCTAssertEqual(custom.priority(of: "There's a SINKHOLE"), .urgent)
        XCTAssertEqual(custom.priority(of: "flood"), .routine)
    }

    func testAssignmentUsesTheTargetsClock() {
        let office = CalendarFixtures.office()
        let friday = CalendarFixtures.local(2026, 3, 6, 16, 45)
        let routine = policy.assign(service: "customer_services", channel: "twitter", text: "When is bin day?", openedAt: friday, calendar: office)
        XCTAssertEqual(routine?.priority, .routine)
        XCTAssertEqual(routine?.dueAt, CalendarFixtures.local(2026, 3, 9, 9, 45))
        XCTAssertEqual(routine?.status(respondedAt: nil, asOf: CalendarFixtures.local(2026, 3, 7, 12)), .openWithinTarget)
        let urgent = policy.assign(service: "customer_services", channel: "twitter", text: "#flood in my kitchen", openedAt: friday, calendar: office)
        XCTAssertEqual(urgent?.priority, .urgent)
        XCTAssertEqual(urgent?.dueAt, CalendarFixtures.local(2026, 3, 6, 17, 45))
        XCTAssertEqual(urgent?.status(respondedAt: nil, asOf: CalendarFixtures.local(2026, 3, 7, 12)), .openBreached)
    }

    func testVersionedAssignmentKeepsOldRulesForItemsOpenedBeforeAChange() throws {
        let office = CalendarFixtures.office()
        let longer = CalendarFixtures.office(closures: [CalendarFixtures.date("2026-04-02")])
        let calendars = try Versioned("office calendar", original: office, later: [(CalendarFixtures.date("2026-04-01"), longer)])
        let policies = try Versioned("SLA policy", original: SLAPolicy(rules: [SLARule(target: target("1 working day"))]),
                                     later: [(CalendarFixtures.date("2026-04-01"), SLAPolicy(rules: [SLARule(target: target("2 working days"))]))])
        // Tue 31 March 10:00 (BST): v1 rules, 1 working day, Wednesday 1 April 10:00.
        let before = SLAPolicy.assign(service: "s", channel: "c", text: "hello", openedAt: CalendarFixtures.local(2026, 3, 31, 10),
                                      calendars: calendars, policies: policies)
        XCTAssertEqual(before?.dueAt, CalendarFixtures.local(2026, 4, 1, 10))
        XCTAssertEqual(before?.calendarLabel, "office calendar v1")
        XCTAssertEqual(before?.policyLabel, "SLA policy v1")
        // Wed 1 April 00:30 BST (Tuesday 23:30 UTC) is under v2: 2 working days from Wednesday 09:00,
        // skipping the 2 April closure, Good Friday, the weekend and Easter Monday: Tue 7th (1), Wed 8th (2).
        let after = SLAPolicy.assign(service: "s", channel: "c", text: "hello", openedAt: CalendarFixtures.utc(2026, 3, 31, 23, 30),
                                     calendars: calendars, policies: policies)
        XCTAssertEqual(after?.dueAt, CalendarFixtures.local(2026, 4, 8, 9))
        XCTAssertEqual(after?.calendarLabel, "office calendar v2 (from 2026-04-01)")
        XCTAssertEqual(after?.policyLabel, "SLA policy v2 (from 2026-04-01)")
    }
}
