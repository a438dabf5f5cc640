import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// The period and output format every report takes.
struct ReportOptions: ParsableArguments {
    @OptionGroup var dates: PeriodOptions

    @Option(help: "Output for people (text) or machines (json).")
    var format: OutputFormat = .text

    var from: CivilDate? { dates.from }
    var to: CivilDate? { dates.to }

    func asOf(in zone: TimeZone) throws -> Date? {
        try dates.asOf(in: zone)
    }

    func period(in zone: TimeZone) throws -> ReportPeriod {
        try dates.period(in: zone)
    }
}

extension ReportPeriod {
    /// Refuses a period whose `--as-of` falls before it starts: nothing in it could be known
    /// yet, and the report would only say there were no messages. Without `--as-of` (`given`
    /// false) the instant is now, and the period is one that has not begun.
    func refuseEarlyAsOf(given: Bool) throws {
        guard asOf < start else { return }
        guard given else {
            throw ValidationError("\(from) to \(to) has not begun: it is \(Formatting.local(asOf, in: timeZone)) now (\(timeZone.identifier))")
        }
        throw ValidationError("--as-of \(Formatting.local(asOf, in: timeZone)) is before the period starts (\(from), \(timeZone.identifier))")
    }
}

extension ISOWeek {
    /// The last ISO week that was over by the local day of `asOf`, or of today without one.
    static func lastComplete(before asOf: Date?, in zone: TimeZone) -> ISOWeek {
        ISOWeek(containing: BusinessCalendar.alwaysOpen(in: zone).localDate(of: asOf ?? Date()).adding(days: -7))
    }
}
