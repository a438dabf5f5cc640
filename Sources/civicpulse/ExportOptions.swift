import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation
import Postgres

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, jsonl
}

/// What every export takes and does alike (`export items`, `export replies`): the scope, the
/// format, the file it writes and whether it may replace it, the period, the database and the
/// pipeline; then the rows written as CSV or JSON Lines.
struct ExportOptions: ParsableArguments {
    @Option(help: "Only this service (an id from the pipeline).") var service: String?
    @Option(help: "Only this channel (twitter, facebook, youtube, …; any case).") var channel: String?
    @Option(help: "csv (a header line, then one line per row) or jsonl (one JSON object per line).") var format: ExportFormat = .csv
    @OptionGroup var file: OutputFileOptions
    @OptionGroup var dates: PeriodOptions
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var pipeline: PipelineOptions

    /// Loads the pipeline, checks the scope against it and the database, and returns the rows
    /// `rows` loads for that scope.
    func load<Row>(_ rows: (ResponseFilter, PipelineConfig, Connection) throws -> [Row]) throws -> [Row] {
        let config = try pipeline.load()
        try ArgumentCheck.service(service, in: config)
        let period = try dates.period(in: config.timeZone)
        let connection = try db.connectMigrated()
        let filter = try ArgumentCheck.responseFilter(service: service, channel: channel, period: period, config: config, on: connection)
        return try rows(filter, config, connection)
    }

    /// Writes the rows in the chosen format to --output (saying how many, named `noun`) or to
    /// standard output.
    func write<Row: ExportRow>(_ rows: [Row], noun: String) throws {
        let data = Data((format == .csv ? Row.csv(rows) : try Row.jsonLines(rows)).utf8)
        try file.write(data, saying: "\(rows.count) \(noun)", quiet: db.quiet)
    }
}
