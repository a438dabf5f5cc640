import ArgumentParser
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct SLA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sla",
            abstract: "Response-time SLAs: rates, mean/median/p90/p95, % within target, breaches, backlog, items at risk, resolution."
        )

        @Option(help: "Only this service (an id from the pipeline).") var service: String?
        @Option(help: "Only this channel (twitter, facebook, youtube, …; any case).") var channel: String?
        // Unconditional, so `--limit -3` is read as a number and refused below, not taken for a flag.
        @Option(parsing: .unconditional, help: "Rows to list per section in text output.") var limit = 15
        @OptionGroup var report: ReportOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func validate() throws {
            try ArgumentCheck.count(limit, "--limit", in: 0...ArgumentCheck.mostRows)
        }

        func run() throws {
            try StandardOutput.line(try councils.render(
                json: report.format == .json,
                period: { config in
                    try ArgumentCheck.service(service, in: config, everyCouncil: councils.all)
                    return try report.period(in: config.timeZone)
                },
                connect: { try db.connectToSchema() },
                load: { config, period, connection in
                    let filter = try ArgumentCheck.responseFilter(service: service, channel: channel, period: period, config: config, on: connection)
                    // Text shows `limit` rows a list, so it reads only those; JSON carries every item.
                    return try SLAReport.load(filter, config: config, listLimit: report.format == .json ? nil : limit, on: connection)
                },
                text: { $0.text(limit: limit) }, json: { try $0.json() }
            ))
        }
    }
}
