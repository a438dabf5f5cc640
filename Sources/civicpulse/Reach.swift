import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Reach: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reach",
            abstract: "Reach and engagement per service, channel and account, and the service league table.",
            discussion: """
                The period is an ISO week (--week 2026-W47) or --from/--to; by default the last complete ISO \
                week. Reach is what the platforms report for exactly the period (1, 7 or 28 days), never a \
                sum of daily figures; engaged residents are HyperLogLog estimates (±2.3%). The league table \
                compares each service with the period before. See docs/reach.md.
                """
        )

        @Option(help: "Only this service (an id from the pipeline).") var service: String?
        @Option(help: ArgumentHelp("An ISO week, e.g. 2026-W47 (instead of --from/--to).", valueName: "yyyy-Www")) var week: String?
        @OptionGroup var report: ReportOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func validate() throws {
            if let week {
                _ = try ArgumentCheck.week(week, "--week")
                if report.from != nil || report.to != nil { throw ValidationError("give either --week or --from/--to, not both") }
            }
        }

        func run() throws {
            try StandardOutput.line(try councils.render(
                json: report.format == .json,
                period: { config in
                    try ArgumentCheck.service(service, in: config, everyCouncil: councils.all)
                    return try period(in: config.timeZone)
                },
                connect: { try db.connectToSchema() },
                load: { config, period, connection in try ReachReport.load(org: config.org, period: period, service: service, config: config, on: connection) },
                text: { $0.text() }, json: { try $0.json() }
            ))
        }

        /// The named week, the given dates, or the last complete ISO week before --as-of (or today).
        func period(in zone: TimeZone) throws -> ReportPeriod {
            if report.from != nil || report.to != nil { return try report.period(in: zone) }
            let asOf = try report.asOf(in: zone)
            let chosen = try week.map { try ArgumentCheck.week($0, "--week") } ?? ISOWeek.lastComplete(before: asOf, in: zone)
            let period = ReportPeriod(from: chosen.monday, to: chosen.sunday, timeZone: zone, asOf: asOf)
            try period.refuseEarlyAsOf(given: asOf != nil)
            return period
        }
    }
}
