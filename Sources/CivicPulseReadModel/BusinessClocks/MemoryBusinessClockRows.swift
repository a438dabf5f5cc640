import CivicPulseCore
import Foundation

/// `BusinessClockRows` in memory, with the behaviour of `PostgresBusinessClockRows`.
public final class MemoryBusinessClockRows: BusinessClockRows {
    public struct Key: Hashable, Sendable {
        public var org: String
        public var label: String
    }

    public private(set) var spans: [Key: (from: Date, to: Date)] = [:]
    public private(set) var periods: [Key: [BusinessClockPeriod]] = [:]

    public init() {}

    public func stored(org: String) throws -> [String: StoredBusinessClock] {
        Dictionary(uniqueKeysWithValues: spans.filter { $0.key.org == org }.map { key, span in
            (key.label, StoredBusinessClock(coversFrom: span.from, coversTo: span.to, last: periods[key]?.last))
        })
    }

    public func replace(org: String, label: String, from: Date, to: Date, periods: [BusinessClockPeriod]) throws {
        let key = Key(org: org, label: label)
        spans[key] = (from, to)
        self.periods[key] = periods
    }

    public func extend(org: String, label: String, to: Date, periods: [BusinessClockPeriod]) throws {
        let key = Key(org: org, label: label)
        spans[key]?.to = to
        self.periods[key, default: []] += periods
    }

    public func reset() throws {
        spans = [:]
        periods = [:]
    }
}
