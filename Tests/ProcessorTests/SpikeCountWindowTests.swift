import CivicPulseCore
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// The counts a batch's judgements read, held for the batch: each request gives what the rows
/// hold, reading only the hours not held yet, and the hours behind the look-back are let go.
final class SpikeCountWindowTests: XCTestCase {
    private let flooding = SpikeSeriesKey(dimension: SpikeSeriesKey.topic, value: "flooding")
    private let waste = SpikeSeriesKey(dimension: SpikeSeriesKey.service, value: "waste")

    /// Hour `n` from a fixed start.
    private func hour(_ n: Int) -> Date {
        Date(timeIntervalSince1970: 1_793_577_600 + Double(n) * HourClock.hour)
    }

    /// The rows' counts, and each read of them as "series… since–before" in hours.
    private final class Rows {
        var counts: [SpikeSeriesKey: [Date: Int]] = [:]
        var reads: [String] = []

        func add(_ added: [SpikeSeriesKey: [Date: Int]]) {
            for (key, byHour) in added { counts[key, default: [:]].merge(byHour, uniquingKeysWith: +) }
        }

        func read(_ keys: [SpikeSeriesKey], since: Date, before: Date?) -> [SpikeSeriesKey: [Date: Int]] {
            let name = { (date: Date) in String(Int(date.timeIntervalSince1970 - 1_793_577_600) / 3600) }
            reads.append("\(keys.map(\.value).sorted().joined(separator: ",")) \(name(since))–\(before.map(name) ?? "")")
            var found: [SpikeSeriesKey: [Date: Int]] = [:]
            for key in keys {
                let hours = (counts[key] ?? [:]).filter { hour, _ in hour >= since && before.map { hour < $0 } ?? true }
                if !hours.isEmpty { found[key] = hours }
            }
            return found
        }
    }

    private func window(over rows: Rows) -> SpikeCountWindow {
        SpikeCountWindow { rows.read($0, since: $1, before: $2) }
    }

    /// Each transaction of a batch adds counts and is judged: the window gives what the rows
    /// hold after each, and reads them once, not after every transaction.
    func testCountsAddedByTheBatchAreHeldNotReadAgain() throws {
        let rows = Rows()
        rows.add([flooding: [hour(0): 3, hour(5): 1], waste: [hour(2): 4]])
        var window = window(over: rows)
        XCTAssertEqual(try window.counts(of: [flooding, waste], since: hour(0), before: nil),
                       [flooding: [hour(0): 3, hour(5): 1], waste: [hour(2): 4]])

        for transaction in 1...3 {
            let added = [flooding: [hour(5): transaction, hour(6 + transaction): 2], waste: [hour(6): 1]]
            rows.add(added)
            window.add(added)
            XCTAssertEqual(try window.counts(of: [flooding, waste], since: hour(0), before: nil), rows.counts, "after transaction \(transaction)")
        }
        XCTAssertEqual(rows.reads, ["flooding,waste 0–"], "read once, before the first judgement")
        XCTAssertEqual(try window.counts(of: [flooding], since: hour(0), before: nil)[flooding]?[hour(5)], 1 + 1 + 2 + 3)
    }

    /// A judgement that catches up reads up to a horizon: the hours after it are read when a
    /// later request reaches further, and only those; a series never asked for is read whole.
    func testOnlyTheHoursNotHeldAreRead() throws {
        let rows = Rows()
        rows.add([flooding: [hour(1): 1, hour(10): 2, hour(20): 3], waste: [hour(15): 5]])
        var window = window(over: rows)

        XCTAssertEqual(try window.counts(of: [flooding], since: hour(0), before: hour(12)), [flooding: [hour(1): 1, hour(10): 2]])
        XCTAssertEqual(try window.counts(of: [flooding], since: hour(0), before: hour(12)), [flooding: [hour(1): 1, hour(10): 2]])
        XCTAssertEqual(try window.counts(of: [flooding, waste], since: hour(0), before: nil),
                       [flooding: [hour(1): 1, hour(10): 2, hour(20): 3], waste: [hour(15): 5]])
        // The two spans missing for the last request are read in either order.
        XCTAssertEqual(rows.reads.first, "flooding 0–12")
        XCTAssertEqual(Set(rows.reads.dropFirst()), ["flooding 12–", "waste 0–"])
        XCTAssertEqual(rows.reads.count, 3)

        // Counts added past a horizon are not held until they are read, and then read once.
        var narrow = self.window(over: rows)
        _ = try narrow.counts(of: [waste], since: hour(0), before: hour(16))
        let late = [waste: [hour(15): 1, hour(30): 7]]
        rows.add(late)
        narrow.add(late)
        XCTAssertEqual(try narrow.counts(of: [waste], since: hour(0), before: nil), [waste: [hour(15): 6, hour(30): 7]])
        XCTAssertEqual(rows.reads.suffix(2), ["waste 0–16", "waste 16–"])
    }

    /// The look-back moves forward with the judgements: hours behind it are let go, and read
    /// again only if a later judgement looks further back (late data restarting a series).
    func testHoursBehindTheLookBackAreLetGo() throws {
        let rows = Rows()
        rows.add([flooding: [hour(1): 1, hour(10): 2, hour(20): 3]])
        var window = window(over: rows)

        _ = try window.counts(of: [flooding], since: hour(0), before: nil)
        XCTAssertEqual(try window.counts(of: [flooding], since: hour(8), before: nil), [flooding: [hour(10): 2, hour(20): 3]])
        XCTAssertEqual(try window.counts(of: [flooding], since: hour(0), before: nil), [flooding: [hour(1): 1, hour(10): 2, hour(20): 3]])
        XCTAssertEqual(rows.reads, ["flooding 0–", "flooding 0–8"])

        // Asked for hours that do not touch those held, it drops them and reads the ones asked for.
        var later = self.window(over: rows)
        _ = try later.counts(of: [flooding], since: hour(0), before: hour(5))
        XCTAssertEqual(try later.counts(of: [flooding], since: hour(9), before: hour(15)), [flooding: [hour(10): 2]])
        XCTAssertEqual(rows.reads.suffix(2), ["flooding 0–5", "flooding 9–15"])
    }
}
