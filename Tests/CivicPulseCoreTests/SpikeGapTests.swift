import Foundation
import XCTest
@testable import CivicPulseCore

/// A week of data, a week in which the feeds were down (no event at all), then the data
/// resumes: the resumed week's ordinary hours are judged against the weeks that were recorded,
/// not against the gap's zeros, which would halve every weekly baseline and call spikes.
final class SpikeGapTests: XCTestCase {
    private let detector = SpikeDetector(rules: EmergencySettings().rules, clock: SpikeSeriesBuilder.clock)

    /// A busy week, a week of nothing, then a Monday as busy as the Monday before.
    private func resumed() -> (series: HourlySeries, gap: Range<Date>) {
        var builder = SpikeSeriesBuilder(first: "2026-10-26", days: 7, perHour: 80, wobble: false)
        for hour in 0..<24 { builder.set(CivilDate("2026-11-09")!, hour, builder.count("2026-10-26", hour)) }
        return (builder.series, SpikeSeriesBuilder.hour("2026-11-02", 0)..<SpikeSeriesBuilder.hour("2026-11-09", 0))
    }

    func testTheBaselineSkipsAGapInsteadOfCountingItsZeros() throws {
        var (series, gap) = resumed()
        let ten = SpikeSeriesBuilder.hour("2026-11-09", 10)
        let blind = try XCTUnwrap(detector.baseline(for: ten, openSince: nil, in: series))
        XCTAssertEqual(blind.references, 2, "without the gap, its Monday counts as a quiet one")
        series.gaps = [gap]
        let seeing = try XCTUnwrap(detector.baseline(for: ten, openSince: nil, in: series))
        XCTAssertEqual(seeing.references, 1, "the gap's Monday is left out")
        XCTAssertEqual(seeing.value, Double(series.count(at: ten)), accuracy: 0.5, "the Mondays recorded were as busy as this one")
        XCTAssertLessThan(blind.value, seeing.value)
        XCTAssertFalse(series.isKnown(SpikeSeriesBuilder.hour("2026-11-05", 12)))
        XCTAssertTrue(series.isKnown(ten))
    }

    func testAnOrdinaryDayAfterAGapIsNoSpike() {
        var (series, gap) = resumed()
        let last = SpikeSeriesBuilder.hour("2026-11-09", 23)
        let open = last.addingTimeInterval(3600)
        let blind = detector.detect(series, from: SpikeSeriesBuilder.hour("2026-11-09", 0), openFrom: open, through: last)
        XCTAssertFalse(blind.isEmpty, "judged against the gap's zeros, an ordinary Monday reads as a surge")
        series.gaps = [gap]
        XCTAssertEqual(detector.detect(series, from: SpikeSeriesBuilder.hour("2026-11-09", 0), openFrom: open, through: last), [])
    }
}
