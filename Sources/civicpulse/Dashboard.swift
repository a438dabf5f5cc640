import ArgumentParser
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Response times per service and channel: inbound, answered, median and p90, SLA, backlog.",
            discussion: "JSON output follows docs/schemas/dashboard.schema.json."
        )

        @OptionGroup var report: ReportOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            let filter = ResponseFilter(org: config.org, period: try report.period(in: config.timeZone))
            let connection = try db.connectMigrated()
            let target = db.target
            let dashboard = try CivicPulseReports.Dashboard.load(filter, config: config, on: connection,
                                                                 sideConnection: { try target.connect() })
            print(report.format == .json ? try dashboard.json() : dashboard.text())
        }
    }
}
