import Foundation
import XCTest
@testable import CivicPulseCore

/// `SpikeDetector.redetect`, which stops judging late data once it has caught up with the
/// spikes found before, against judging the whole series again.
final class SpikeRedetectTests: XCTestCase {
    private typealias Builder = SpikeSeriesBuilder
    private let detector = SpikeDetector(rules: EmergencySettings().rules, clock: Builder.clock)

    /// Twenty weeks across the October clock change, with surges here and there; late messages
    /// land in a random stretch, some on top of a surge. Whatever catches up early must be what
    /// judging everything again finds, and most trials must catch up early (or this proves nothing).
    func testCatchingUpGivesWhatJudgingEverythingAgainGives() {
        var generator = SeededGenerator(seed: 7)
        var stoppedEarly = 0, gaveUp = 0
        let trials = 150
        for trial in 0..<trials {
            var builder = Builder(first: "2026-07-06", days: 140, perHour: Double.random(in: 3...12, using: &generator))
            for _ in 0..<Int.random(in: 2...8, using: &generator) {
                surge(&builder, at: Int.random(in: 0..<(140 * 24), using: &generator), using: &generator)
            }
            let old = builder.series
            let hours = old.counts.keys.sorted()
            let through = hours.last!
            let openFrom = through.addingTimeInterval(-3600 * Double(Int.random(in: 0...2, using: &generator)))
            let before = detector.detect(old, openFrom: openFrom, through: through)

            // The late messages: in the first three quarters of history, so there is room to catch up.
            var late = old
            let start = hours[Int.random(in: 0..<(hours.count * 3 / 4), using: &generator)]
            let length = Int.random(in: 1...36, using: &generator)
            var changed: [Date] = []
            for index in 0..<length {
                let hour = start.addingTimeInterval(3600 * Double(index))
                guard Int.random(in: 0..<3, using: &generator) > 0 else { continue }
                late.counts[hour, default: 0] += Int.random(in: 1...(trial % 3 == 0 ? 60 : 6), using: &generator)
                changed.append(hour)
            }
            guard let firstChanged = changed.first, let lastChanged = changed.last else { continue }
            // As the processor restarts: where the detector was idle, at or before the first change.
            let from = before.last { $0.start <= firstChanged && ($0.settledFrom.map { firstChanged < $0 } ?? true) }?.start ?? firstChanged
            let expected = detector.detect(late, openFrom: openFrom, through: through).filter { $0.start >= from }
            let previous = before.filter { $0.start >= from }

            let whole = detector.redetect(late, from: from, openFrom: openFrom, through: through, changedUntil: lastChanged,
                                          previous: previous, giveUpAt: through.addingTimeInterval(3600))
            XCTAssertEqual(whole, expected, "trial \(trial): late messages \(start) for \(length) h")

            // Counts read only up to a horizon, as the processor reads them.
            let horizon = Builder.clock.shifting(detector.unaffectedAfter(lastChanged), days: 14)
            var truncated = late
            truncated.counts = late.counts.filter { $0.key < horizon }
            if let caughtUp = detector.redetect(truncated, from: from, openFrom: openFrom, through: through, changedUntil: lastChanged,
                                                previous: previous, giveUpAt: horizon) {
                XCTAssertEqual(caughtUp, expected, "trial \(trial), counts up to \(horizon): late messages \(start) for \(length) h")
                if horizon <= through { stoppedEarly += 1 }
            } else {
                gaveUp += 1
            }
        }
        XCTAssertGreaterThan(stoppedEarly, trials / 2, "most judgements catch up within the horizon (gave up \(gaveUp))")
    }

    /// Idle now but in a spike before the change is no place to stop: what the old judgement did
    /// not find while its spike lasted, the new one may. The log starts on 1 June; four weeks of
    /// 300 messages an hour arrive late, showing that the 400 an hour from 29 June, which alone
    /// was one long spike, is the usual level, and only the step to 2,000 on 3 August is a surge.
    func testItDoesNotStopWhereTheOldJudgementWasInASpike() {
        let start = Builder.hour("2026-06-01", 0)
        let hours = { (days: Int, count: Int) in [Int](repeating: count, count: days * 24) }
        let old = HourlySeries(start: start, counts: hours(28, 0) + hours(35, 400) + hours(5, 2000))
        let late = HourlySeries(start: start, counts: hours(28, 300) + hours(35, 400) + hours(5, 2000))
        let through = start.addingTimeInterval(Double(68 * 24 - 1) * 3600)
        let openFrom = through.addingTimeInterval(3600)
        let previous = detector.detect(old, openFrom: openFrom, through: through)
        XCTAssertEqual(previous.map(\.start), [Builder.hour("2026-06-29", 0)], "before: one spike from 29 June")
        let expected = detector.detect(late, openFrom: openFrom, through: through)
        XCTAssertEqual(expected.map(\.start), [Builder.hour("2026-08-03", 0)], "after: only the step on 3 August")
        XCTAssertEqual(detector.redetect(late, from: start, openFrom: openFrom, through: through,
                                         changedUntil: Builder.hour("2026-06-28", 23), previous: previous,
                                         giveUpAt: openFrom), expected)
    }

    /// A surge still under way at the horizon is never cut short there: the counts after it are unknown.
    func testAJudgementThatCannotCatchUpBeforeTheHorizonGivesUp() {
        var builder = Builder(first: "2026-07-06", days: 70, perHour: 10, wobble: false)
        let changed = Builder.hour("2026-08-01", 9)
        builder.set("2026-08-01", 9...9, 30)  // the late messages: judgements are unaffected from 30 August, 09:00
        for day in ["2026-08-29", "2026-08-30", "2026-08-31", "2026-09-01"] { builder.set(day, 0...23, 400) }
        let through = Builder.hour("2026-09-13", 23)
        let horizon = Builder.hour("2026-08-31", 0)
        let series = builder.series
        let previous = detector.detect(series, openFrom: through, through: through).filter { $0.start >= changed }
        XCTAssertTrue(previous.contains { $0.start < horizon && ($0.end ?? .distantFuture) > horizon }, "\(previous)")
        var truncated = series
        truncated.counts = series.counts.filter { $0.key < horizon }
        XCTAssertNil(detector.redetect(truncated, from: changed, openFrom: through, through: through,
                                       changedUntil: changed, previous: previous, giveUpAt: horizon))
        XCTAssertEqual(detector.redetect(series, from: changed, openFrom: through, through: through, changedUntil: changed,
                                         previous: previous, giveUpAt: through.addingTimeInterval(3600)), previous,
                       "with every count, it catches up after the surge")
    }

    private func surge(_ builder: inout Builder, at hourIndex: Int, using generator: inout SeededGenerator) {
        let date = builder.first.adding(days: hourIndex / 24)
        let first = hourIndex % 24
        for hour in first..<min(24, first + Int.random(in: 1...10, using: &generator)) {
            builder.set(date, hour, Int.random(in: 30...120, using: &generator))
        }
    }
}
