import ArgumentParser
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Heatmap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heatmap",
            abstract: "When residents write and how long they wait: items and median first response by weekday and hour of arrival.",
            discussion: "Hours are on the org's clock (the pipeline's time_zone); docs/calendars-and-sla.md, \"The heatmap\"."
        )

        @Option(help: "Only this service (an id from the pipeline).") var service: String?
        @Option(help: "Only this channel (twitter, facebook, youtube, …; any case).") var channel: String?
        @OptionGroup var report: ReportOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            try ArgumentCheck.service(service, in: config)
            let period = try report.period(in: config.timeZone)
            let connection = try db.connectToSchema()
            let filter = try ArgumentCheck.responseFilter(service: service, channel: channel, period: period, config: config, on: connection)
            let heatmap = try ArrivalHeatmap.load(filter, config: config, on: connection)
            try StandardOutput.line(report.format == .json ? try heatmap.json() : heatmap.text())
        }
    }
}
