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

/// The period and filters every report takes.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day, in the org's time zone (default: six days before --to).", valueName: "yyyy-mm-dd"))
    var from: CivilDate?

    @Option(help: ArgumentHelp("Last day, inclusive (default: the day of --as-of, or today).", valueName: "yyyy-mm-dd"))
    var to: CivilDate?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The instant open items are aged at (ISO 8601, or local yyyy-mm-ddThh:mm; default: the end of --to, or now).", valueName: "time"))
    var asOf: String?

    @Option(help: "Output for people (text) or machines (json).")
    var format: OutputFormat = .text

    func validate() throws {
        try ArgumentCheck.day(from, "--from")
        try ArgumentCheck.day(to, "--to")
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    /// `--as-of` read on the org's clock when it has no offset, as `alerts` and `incident` read it.
    func asOf(in zone: TimeZone) throws -> Date? {
        try asOf.map { try ArgumentCheck.time($0, "--as-of", in: zone) }
    }

    /// A --from after today, the default --to, is refused as such: said as a period that has not
    /// begun (`9999-12-31 to 2026-12-04`), it read as if the dates were the right way round.
    /// With --as-of given, the refusal names --as-of (`refuseEarlyAsOf`), the value to change.
    func period(in zone: TimeZone) throws -> ReportPeriod {
        let period = ReportPeriod(from: from, to: to, timeZone: zone, asOf: try asOf(in: zone))
        if asOf == nil, period.from > period.to {
            throw ValidationError("--from \(period.from) is after --to \(period.to) (by default today)")
        }
        try period.refuseEarlyAsOf(given: asOf != nil)
        return period
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
