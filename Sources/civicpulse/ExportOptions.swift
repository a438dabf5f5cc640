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
/// council (`--org`, or `--org all`: every council's rows one council after the other, with an
/// `org` column first); then the rows written as CSV or JSON Lines.
struct ExportOptions: ParsableArguments {
    @Option(help: "Only this service (an id from the pipeline).") var service: String?
    @Option(help: "Only this channel (twitter, facebook, youtube, …; any case).") var channel: String?
    @Option(help: "csv (a header line, then one line per row) or jsonl (one JSON object per line).") var format: ExportFormat = .csv
    @OptionGroup var file: OutputFileOptions
    @OptionGroup var dates: PeriodOptions
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var councils: CouncilOptions

    /// Loads the chosen councils' pipelines, checks the scope against each (with `--org all`,
    /// `--service` must be a service of every council) and the database, and returns each
    /// council's rows as `rows` loads them for that scope, over the period on its own clock.
    func load<Row>(_ rows: (ResponseFilter, PipelineConfig, Connection) throws -> [Row]) throws -> [(org: String, rows: [Row])] {
        let configs = try councils.load()
        for config in configs { try ArgumentCheck.service(service, in: config, everyCouncil: councils.all) }
        let periods = try configs.map { try dates.period(in: $0.timeZone) }
        let connection = try db.connectToSchema()
        return try zip(configs, periods).map { config, period in
            let filter = try ArgumentCheck.responseFilter(service: service, channel: channel, period: period, config: config, on: connection)
            return (config.org, try rows(filter, config, connection))
        }
    }

    /// Writes the rows in the chosen format to --output (saying how many, named `noun`) or to
    /// standard output: one council's as its own export, every council's with their org.
    func write<Row: ExportRow>(_ loaded: [(org: String, rows: [Row])], noun: String) throws {
        let text: String
        if councils.all {
            let rows = loaded.flatMap { council in council.rows.map { CouncilExportRow(org: council.org, row: $0) } }
            text = format == .csv ? CouncilExportRow.csv(rows) : try reportJSONLines(rows)
        } else {
            text = format == .csv ? Row.csv(loaded[0].rows) : try reportJSONLines(loaded[0].rows)
        }
        try file.write(text, saying: "\(loaded.map(\.rows.count).reduce(0, +)) \(noun)", quiet: db.quiet)
    }
}
