import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation

/// The period every report and export covers: `--from`, `--to` and `--as-of`, apart from the
/// output format, which differs between them (text or json; csv or jsonl; markdown too).
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day, in the org's time zone (default: six days before --to).", valueName: "yyyy-mm-dd"))
    var from: CivilDate?

    @Option(help: ArgumentHelp("Last day, inclusive (default: the day of --as-of, or today).", valueName: "yyyy-mm-dd"))
    var to: CivilDate?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The instant open items are aged at (ISO 8601, or local yyyy-mm-ddThh:mm; default: the end of --to, or now).", valueName: "time"))
    var asOf: String?

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
