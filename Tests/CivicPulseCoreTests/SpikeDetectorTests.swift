import Foundation
import XCTest
@testable import CivicPulseCore

/// The spike detector on hand-made hourly series: four normal weeks from Monday 5 October 2026
/// (across the clock change of 25 October), then the week under test, 2–8 November.
final class SpikeDetectorTests: XCTestCase {
    private typealias Builder = SpikeSeriesBuilder

    private func fiveWeeks(perHour: Double = 10, wobble: Bool = true) -> Builder {
        Builder(first: "2026-10-05", days: 35, perHour: perHour, wobble: wobble)
    }

    private let endOfWeek = Builder.hour("2026-11-08", 23)

    func testAFloodAfternoonIsFoundAgainstTheSameHoursOfPreviousWeeks() {
        var series = fiveWeeks()
        series.set("2026-11-07", 14...19, 80)
        let spikes = series.spikes(through: endOfWeek)
        XCTAssertEqual(spikes.count, 1, "\(spikes)")
        let flood = try! XCTUnwrap(spikes.first)
        XCTAssertEqual(flood.start, Builder.hour("2026-11-07", 14))
        XCTAssertEqual(flood.end, Builder.hour("2026-11-07", 20), "ends at the first hour back to normal")
        XCTAssertEqual(flood.startBaseline.kind, .weekly)
        XCTAssertEqual(flood.startBaseline.references, 4)
        XCTAssertEqual(flood.peakCount, 80)
        XCTAssertFalse(flood.early)
        XCTAssertGreaterThan(flood.startScore, 8)
    }

    func testAnOrdinaryBusyMondayMorningIsNoSpike() throws {
        var series = fiveWeeks()
        // A busier Monday than usual: a quarter up on its usual morning peak.
        for hour in 8...12 {
            series.set(CivilDate("2026-11-02")!, hour, Int((Double(series.count("2026-10-26", hour)) * 1.25).rounded()))
        }
        XCTAssertEqual(series.spikes(through: endOfWeek), [])

        // Against the quiet night before it, Monday 10:00 looks like a surge; against earlier
        // Mondays at 10:00, it is what Mondays are like.
        let monday = Builder.hour("2026-11-02", 10)
        let count = series.count("2026-11-02", 10)
        let night = (1...12).map { series.series.count(at: monday.addingTimeInterval(Double(-$0) * 3600)) }
        XCTAssertGreaterThan(Double(count), 2.5 * Double(night.reduce(0, +)) / 12)
        let detector = SpikeDetector(rules: EmergencySettings().rules, clock: Builder.clock)
        let baseline = try XCTUnwrap(detector.baseline(for: monday, openSince: nil, in: series.series))
        XCTAssertEqual(baseline.kind, .weekly)
        XCTAssertLessThan(SpikeRules.score(count: count, baseline: baseline), 2)
    }

    func testQuietSeriesDoNotAlarmOnAFewMessages() {
        var topic = fiveWeeks(perHour: 0.5)
        topic.set("2026-11-03", 15...15, 3)
        topic.set("2026-11-03", 16...16, 4)
        for sensitivity in EmergencySettings.Sensitivity.allCases {
            XCTAssertEqual(topic.spikes(through: endOfWeek, EmergencySettings(sensitivity: sensitivity)), [], "\(sensitivity)")
        }
        topic.set("2026-11-03", 17...17, 12)
        XCTAssertEqual(topic.spikes(through: endOfWeek).map(\.start), [Builder.hour("2026-11-03", 17)])
    }

    func testOneQuietHourDoesNotEndASpikeButTwoDoAtTheFirstOfThem() {
        var series = fiveWeeks()
        series.set("2026-11-07", 14...19, 80)
        series.set("2026-11-07", 20...20, series.count("2026-10-31", 20))
        series.set("2026-11-07", 21...21, 80)
        let spikes = series.spikes(through: endOfWeek)
        XCTAssertEqual(spikes.map(\.start), [Builder.hour("2026-11-07", 14)])
        XCTAssertEqual(spikes.first?.end, Builder.hour("2026-11-07", 22))
    }

    func testTheHourUnderWayStartsASpikeOnceItsCountSoFarClearsTheBar() {
        var series = fiveWeeks()
        let now = Builder.hour("2026-11-07", 14)
        let detector = SpikeDetector(rules: EmergencySettings().rules, clock: Builder.clock)
        series.set("2026-11-07", 14...14, 8)
        XCTAssertEqual(detector.detect(series.series, openFrom: now, through: now), [], "8 so far is a normal Saturday hour")
        series.set("2026-11-07", 14...14, 40)
        let early = detector.detect(series.series, openFrom: now, through: now)
        XCTAssertEqual(early.map(\.start), [now])
        XCTAssertEqual(early.first?.early, true)
        XCTAssertNil(early.first?.end)

        // Hours still under way never end a spike: no messages yet is not a return to normal.
        series.set("2026-11-07", 15...16, 0)
        let later = Builder.hour("2026-11-07", 15)
        XCTAssertEqual(detector.detect(series.series, openFrom: later, through: later.addingTimeInterval(3600)).map(\.end), [nil])
    }

    func testWithLessThanAWeekTheSameHourOnEarlierDaysIsTheBaseline() {
        var series = Builder(first: "2026-11-02", days: 4, perHour: 10)
        XCTAssertEqual(series.spikes(through: Builder.hour("2026-11-05", 23)), [], "a first Monday and its week are normal")
        series.set("2026-11-05", 10...13, 90)
        let spikes = series.spikes(through: Builder.hour("2026-11-05", 23))
        XCTAssertEqual(spikes.map(\.start), [Builder.hour("2026-11-05", 10)])
        XCTAssertEqual(spikes.first?.startBaseline.kind, .daily)
        XCTAssertEqual(spikes.first?.startBaseline.references, 3)
    }

    func testTheFirstHoursOfTheLogAreNotJudgedThenTheLastTwelveHoursAreTheBaseline() throws {
        var series = Builder(first: "2026-11-02", days: 1, perHour: 10)
        series.set("2026-11-02", 9...9, 90)
        XCTAssertEqual(series.spikes(through: Builder.hour("2026-11-02", 23)), [], "09:00 of the first day has no history")
        series.set("2026-11-02", 9...9, series.count("2026-11-02", 8))
        series.set("2026-11-02", 15...15, 90)
        let spike = try XCTUnwrap(series.spikes(through: Builder.hour("2026-11-02", 23)).first)
        XCTAssertEqual(spike.start, Builder.hour("2026-11-02", 15))
        XCTAssertEqual(spike.startBaseline.kind, .recent)
        XCTAssertEqual(spike.startBaseline.value, Double((3...14).map { series.count("2026-11-02", $0) }.max()!))
    }

    func testALongIncidentIsMeasuredAgainstTheTimesBeforeIt() {
        var series = Builder(first: "2026-11-02", days: 7, perHour: 10)
        series.set("2026-11-07", 6...23, 60)
        series.set("2026-11-08", 0...17, 60)
        let spikes = series.spikes(through: Builder.hour("2026-11-08", 23))
        XCTAssertEqual(spikes.map(\.start), [Builder.hour("2026-11-07", 6)], "Sunday is not compared with Saturday's flood")
        XCTAssertEqual(spikes.first?.end, Builder.hour("2026-11-08", 18))
    }

    func testSensitivitySetsTheBar() {
        func found(_ count: Int) -> [EmergencySettings.Sensitivity] {
            var series = fiveWeeks(wobble: false)
            series.set("2026-11-04", 15...15, count)
            return EmergencySettings.Sensitivity.allCases.filter {
                !series.spikes(through: endOfWeek, EmergencySettings(sensitivity: $0)).isEmpty
            }
        }
        XCTAssertEqual(found(16), [], "the usual Wednesday 15:00")
        XCTAssertEqual(found(36), [.high])
        XCTAssertEqual(found(44), [.medium, .high])
        XCTAssertEqual(found(70), [.low, .medium, .high])
    }

    func testTheMinimumHourlyCountIsABar() {
        var topic = fiveWeeks(perHour: 0, wobble: false)
        topic.set("2026-11-03", 15...15, 8)
        XCTAssertEqual(topic.spikes(through: endOfWeek).count, 1)
        XCTAssertEqual(topic.spikes(through: endOfWeek, EmergencySettings(minimumHourly: 9)), [])
    }

    func testScoresAreAnscombeStandardScores() {
        let weekly = SpikeBaseline(value: 1, kind: .weekly, references: 4)
        XCTAssertEqual(SpikeRules.score(count: 3, baseline: weekly), (2 * 3.375.squareRoot() - 2 * 1.375.squareRoot()) / 1.25.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(SpikeRules.score(count: 3, baseline: weekly), 1.19, accuracy: 0.01)
        let recent = SpikeBaseline(value: 1, kind: .recent, references: 12)
        XCTAssertEqual(SpikeRules.score(count: 3, baseline: recent), (2 * 3.375.squareRoot() - 2 * 1.375.squareRoot()) / 2.squareRoot(), accuracy: 1e-12)
        XCTAssertFalse(SpikeRules(sensitivity: .high, minimumHourly: 1).starts(count: 3, baseline: weekly), "3 against 1 is no alarm")
    }

    func testHoursFollowTheLocalClockAcrossTheClockChange() {
        let clock = Builder.clock
        // Monday 2 November 09:00 GMT is 09:00Z; the Monday 09:00 two weeks before was BST, 08:00Z.
        let monday = Date(timeIntervalSince1970: 1_793_610_000) // 2026-11-02T09:00:00Z
        XCTAssertEqual(clock.shifting(monday, days: -14), Date(timeIntervalSince1970: 1_793_610_000 - 14 * 86_400 - 3600))
        XCTAssertEqual(clock.hour(containing: monday.addingTimeInterval(-14 * 86_400 - 1800)), Date(timeIntervalSince1970: 1_793_610_000 - 14 * 86_400 - 3600))
        XCTAssertEqual(clock.hour(containing: monday.addingTimeInterval(1799)), monday)
        XCTAssertEqual(Builder.hour("2026-10-19", 9), clock.shifting(monday, days: -14))
    }
}
