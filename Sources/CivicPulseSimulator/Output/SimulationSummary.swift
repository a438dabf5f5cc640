import CivicPulseCore
import Foundation

/// What kind of record a count is about: the platform, the payload's record, and the event
/// kind the readers should make of it (or, for a defect, what is wrong with it).
public struct RecordKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let platform: String
    public let record: String
    public let kind: String

    public init(_ platform: String, _ record: String, _ kind: String) {
        self.platform = platform
        self.record = record
        self.kind = kind
    }

    public var description: String { "\(platform) \(record): \(kind)" }

    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        (lhs.platform, lhs.record, lhs.kind) < (rhs.platform, rhs.record, rhs.kind)
    }
}

/// What a simulation wrote: files, records by kind, the defects it injected, the crisis.
public struct SimulationSummary: Sendable {
    public var options: SimulationOptions
    /// Files by category ("twitter search pages").
    public var files: [String: Int] = [:]
    public var bytes = 0
    /// Distinct well-formed records written (each counted once however often delivered).
    public var records: [RecordKey: Int] = [:]
    /// Extra copies of well-formed records (a record in two overlapping pages counts 1).
    public var duplicates: [RecordKey: Int] = [:]
    /// Broken records written on purpose; each should be rejected once by the readers.
    public var malformed: [RecordKey: Int] = [:]
    public var crisis: CrisisWindow?
    /// Residents' flood messages during the crisis.
    public var crisisQuestions = 0
    /// Residents' new questions per hour outside the crisis window, and inside it.
    public var normalHourlyQuestions = 0.0
    public var crisisHourlyQuestions = 0.0

    init(options: SimulationOptions) {
        self.options = options
    }

    public var fileCount: Int { files.values.reduce(0, +) }
    public var recordCount: Int { records.values.reduce(0, +) }
    public var duplicateCount: Int { duplicates.values.reduce(0, +) }
    public var malformedCount: Int { malformed.values.reduce(0, +) }

    /// The summary a person reads at the end of `civicpulse simulate`.
    public func text(timeZone: TimeZone) -> String {
        var lines: [String] = []
        let o = options
        lines.append("Simulated \(o.org): \(o.days) days from \(o.start) (\(timeZone.identifier)), seed \(o.seed), scale \(Self.decimal(o.scale))")
        lines.append("Files written: \(fileCount) (\(Self.megabytes(bytes)))")
        for (category, count) in files.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(category.padding(toLength: 40, withPad: " ", startingAt: 0)) \(count)")
        }
        lines.append("Records (distinct, well-formed): \(recordCount)")
        lines += table(records)
        lines.append("Duplicate deliveries injected (rate \(Self.percent(o.duplicateRate))): \(duplicateCount)")
        lines += table(duplicates)
        lines.append("Malformed records injected (rate \(Self.percent(o.malformedRate))): \(malformedCount)")
        lines += table(malformed)
        if let crisis {
            let clock = LocalClock(timeZone: timeZone)
            let ratio = normalHourlyQuestions > 0 ? crisisHourlyQuestions / normalHourlyQuestions : 0
            lines.append("Crisis window (flood): \(crisis.saturday) 00:00 to \(crisis.saturday.adding(days: 2)) 00:00 \(timeZone.identifier)"
                + " = \(TimestampFormat.iso.string(Millis(crisis.start))) to \(TimestampFormat.iso.string(Millis(crisis.end)))"
                + " (offset \(clock.offset(at: Millis(crisis.start)) / .minute) min)")
            lines.append("  flood messages from residents: \(crisisQuestions); new questions per hour: \(Self.decimal(crisisHourlyQuestions)) in the crisis, \(Self.decimal(normalHourlyQuestions)) otherwise (\(Self.decimal(ratio))x)")
        } else {
            lines.append("Crisis window: none (the run holds no whole weekend)")
        }
        return lines.joined(separator: "\n")
    }

    private func table(_ counts: [RecordKey: Int]) -> [String] {
        counts.sorted { $0.key < $1.key }.map { key, count in
            "  " + "\(key.platform) \(key.record)".padding(toLength: 32, withPad: " ", startingAt: 0)
                + " " + key.kind.padding(toLength: 36, withPad: " ", startingAt: 0) + " \(count)"
        }
    }

    static func decimal(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.2f%%", value * 100)
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes < 1 << 20 ? String(format: "%.1f KB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
