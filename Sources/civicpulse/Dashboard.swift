import ArgumentParser
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "Response times per service and channel: inbound, answered, median and p90, SLA, backlog, resolution.",
            discussion: "JSON output follows docs/schemas/dashboard.schema.json."
        )

        @OptionGroup var report: ReportOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func run() throws {
            let target = db.target
            try StandardOutput.line(try councils.render(
                json: report.format == .json, period: { try report.period(in: $0.timeZone) }, connect: { try db.connectToSchema() },
                load: { config, period, connection in
                    try CivicPulseReports.Dashboard.load(ResponseFilter(org: config.org, period: period), config: config, on: connection,
                                                         sideConnection: { try target.connect() })
                },
                text: { $0.text() }, json: { try $0.json() }
            ))
        }
    }
}
