import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation
import Postgres

/// The councils a report covers, for a database holding several (a regional body, a shared
/// service): each council's pipeline (`--pipeline`, once per council; it names the council's
/// org and holds its time zone, calendars and targets) and which of them `--org` asks for.
/// With one pipeline and no `--org`, a report is the council's own, as it always was.
struct CouncilOptions: ParsableArguments {
    @OptionGroup var pipelines: PipelineListOptions

    @Option(help: ArgumentHelp(
        "The council: the org of one of the pipelines, or all for every one, where the command takes it (what all gives: docs/benchmarking.md) (default: the only pipeline's).",
        valueName: "org|all"))
    var org: String?

    /// Whether the report puts every council side by side.
    var all: Bool { org == "all" }

    /// The chosen councils' pipelines, in the order given. An org no pipeline names is a bad
    /// argument that lists the councils there are, and offers `--org all` only where
    /// `offeringAll` (the command takes it).
    func load(offeringAll: Bool = true) throws -> [PipelineConfig] {
        let configs = try pipelines.load()
        let known = configs.map(\.org).joined(separator: ", ")
        let orAll = offeringAll ? ", or --org all" : ""
        guard let org else {
            guard configs.count == 1 else { throw ValidationError("\(configs.count) pipelines (\(known)): choose a council with --org ORG\(orAll)") }
            return configs
        }
        if all { return configs }
        guard let config = configs.first(where: { $0.org == org }) else {
            throw ValidationError("--org \(ArgumentCheck.shown(org)) is not a council of the pipelines given (councils: \(known)); "
                + "give its pipeline with --pipeline FILE" + (offeringAll ? ", or use --org all" : ""))
        }
        return [config]
    }

    /// The one council a report of a single council covers: `--org all` is refused, naming
    /// `command` and the councils to choose from.
    func one(for command: String) throws -> PipelineConfig {
        guard all else { return try load(offeringAll: false)[0] }
        let known = try pipelines.load().map(\.org).joined(separator: ", ")
        throw ValidationError("\(command) covers one council, so --org all is refused: run it once per council with --org ORG (councils: \(known))")
    }

    /// What a report prints: the one council's report as before, or with `--org all` each
    /// council's report side by side and the league table across them, over `period` of each.
    ///
    /// - Parameters:
    ///   - period: the report's period on a council's own clock; every council's is worked out
    ///     (and refused when wrong) before the database is reached.
    ///   - load: the report of one council over its period.
    func render<Report: Codable & Sendable & Equatable>(
        json: Bool, period: (PipelineConfig) throws -> ReportPeriod, connect: () throws -> Connection,
        load: (PipelineConfig, ReportPeriod, Connection) throws -> Report,
        text: (Report) throws -> String, json encode: (Report) throws -> String
    ) throws -> String {
        let councils = try self.load().map { config in (config: config, period: try period(config)) }
        let connection = try connect()
        let reports = try councils.map { council in (org: council.config.org, report: try load(council.config, council.period, connection)) }
        guard all else { return try json ? encode(reports[0].report) : text(reports[0].report) }
        let side = CouncilReports(councils: reports, leagueTable: try CouncilLeague.load(councils, on: connection))
        return try json ? side.json() : side.text(text)
    }
}
