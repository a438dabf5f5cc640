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

    @Option(help: ArgumentHelp("Last day, inclusive (default: today).", valueName: "yyyy-mm-dd"))
    var to: CivilDate?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The instant open items are aged at (ISO 8601; default: the end of --to, or now).", valueName: "time"))
    var asOf: String?

    @Option(help: "Output for people (text) or machines (json).")
    var format: OutputFormat = .text

    func validate() throws {
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
        if let asOf, PlatformTimestamp.parse(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not an ISO 8601 time") }
    }

    func period(in zone: TimeZone) -> ReportPeriod {
        ReportPeriod(from: from, to: to, timeZone: zone, asOf: asOf.flatMap(PlatformTimestamp.parse))
    }
}
