import ArgumentParser
import CivicPulseReports
import Foundation

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, jsonl
}

extension CivicPulse {
    struct ExportItems: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "items",
            abstract: "One row per response item opened in the period: times, target, deadline, status, resolution, link.",
            discussion: """
                Counts and medians computed from the rows are those of `sla` for the same period and \
                --as-of. The rows carry each item's link: they are for the performance team, not analysts.
                """
        )

        @Option(help: "Only this service (an id from the pipeline).") var service: String?
        @Option(help: "Only this channel (twitter, facebook, youtube, …; any case).") var channel: String?
        @Option(help: "csv (a header line, then one line per item) or jsonl (one JSON object per line).") var format: ExportFormat = .csv
        @OptionGroup var file: OutputFileOptions
        @OptionGroup var dates: PeriodOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            try ArgumentCheck.service(service, in: config)
            let period = try dates.period(in: config.timeZone)
            let connection = try db.connectMigrated()
            let filter = try ArgumentCheck.responseFilter(service: service, channel: channel, period: period, config: config, on: connection)
            let items = try ExportedItem.load(filter, config: config, on: connection)
            let data = Data((format == .csv ? ExportedItem.csv(items) : try ExportedItem.jsonLines(items)).utf8)
            try file.write(data, saying: "\(items.count) items", quiet: db.quiet)
        }
    }
}
