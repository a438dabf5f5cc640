import CivicPulseCore
import Foundation

/// The hourly counts a batch's spike judgements read, held for the batch and kept in step with
/// what it adds, so that judging after each of its transactions reads from the rows only the
/// hours it did not hold yet.
///
/// Reading each judged series' counts back after every transaction was a seventh of a rebuild's
/// server time and of the client's samples (docs/performance.md). Each series is held over one
/// span of hours, as `SpikeRows.counts` gives it: a request outside the span reads the missing
/// hours alone, and the hours before the request's start (the detector's look-back, which moves
/// forward with the judgements) are dropped, so what is held is bounded by the look-back and the
/// hours judged after it, not by the length of history. Only the batch writes the counts while it
/// runs (in its transaction), so counts held and added stay what the rows hold.
struct SpikeCountWindow {
    /// Reads the counts of some series from an hour on, up to (not including) another when given.
    typealias Read = (_ keys: [SpikeSeriesKey], _ since: Date, _ before: Date?) throws -> [SpikeSeriesKey: [Date: Int]]

    /// A series' counts over the hours from `from` up to `to`, or on for ever when `to` is nil.
    private struct Held {
        var from: Date
        var to: Date?
        var counts: [Date: Int]

        func holds(_ hour: Date) -> Bool {
            hour >= from && to.map { hour < $0 } ?? true
        }
    }

    /// A span of hours read for several series in one request.
    private struct Span: Hashable {
        var since: Date
        var before: Date?
    }

    private var held: [SpikeSeriesKey: Held] = [:]
    private let read: Read

    init(reading read: @escaping Read) {
        self.read = read
    }

    /// The counts of `keys` from `since` on, up to `before` when given: what `read` would give
    /// now. Reads the hours not held, one request per span missing.
    mutating func counts(of keys: [SpikeSeriesKey], since: Date, before: Date?) throws -> [SpikeSeriesKey: [Date: Int]] {
        var missing: [Span: [SpikeSeriesKey]] = [:]
        for key in keys {
            // A span that neither overlaps nor touches the one asked for is dropped, not bridged.
            if let span = held[key], span.to.map({ since <= $0 }) ?? true, before.map({ span.from <= $0 }) ?? true {
                if since < span.from { missing[Span(since: since, before: span.from), default: []].append(key) }
                if let to = span.to, before.map({ to < $0 }) ?? true { missing[Span(since: to, before: before), default: []].append(key) }
            } else {
                held[key] = Held(from: since, to: since, counts: [:])
                missing[Span(since: since, before: before), default: []].append(key)
            }
        }
        for (span, keys) in missing {
            let found = try read(keys, span.since, span.before)
            for key in keys {
                held[key]!.counts.merge(found[key] ?? [:], uniquingKeysWith: { $1 })
            }
        }
        var counts: [SpikeSeriesKey: [Date: Int]] = [:]
        for key in keys {
            var span = held[key]!
            held[key] = nil   // uniquely referenced while it changes: no copy of its counts
            if span.from < since { span.counts = span.counts.filter { $0.key >= since } }
            span.from = since
            if let to = span.to { span.to = before.map { max(to, $0) } }
            let asked = before.map { before in span.counts.filter { $0.key < before } } ?? span.counts
            if !asked.isEmpty { counts[key] = asked }
            held[key] = span
        }
        return counts
    }

    /// Adds what the batch wrote to the counts held; hours not held are read when asked for.
    mutating func add(_ added: [SpikeSeriesKey: [Date: Int]]) {
        for (key, byHour) in added where held[key] != nil {
            for (hour, count) in byHour where held[key]!.holds(hour) {
                held[key]!.counts[hour, default: 0] += count
            }
        }
    }
}
