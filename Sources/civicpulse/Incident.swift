import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Incident: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incident",
            abstract: "An incident hour by hour: volume with a sparkline, top topics and services, responses against normal weeks.",
            discussion: """
                Give the period with --from and --to (whole local hours; a --to without a time includes \
                that whole day, as in `dashboard`), or name a detected spike with --spike (its id, or the \
                first 8 digits as `alerts` prints them) to cover its hours. The timeline ends at the newest \
                message processed, and says so when the period went further. Normal weeks are the same hours \
                up to 4 weeks earlier, within the log's history and without a surge of their own. See \
                docs/emergencies.md.
                """
        )

        @Option(help: ArgumentHelp("Start: ISO 8601, or local yyyy-mm-dd or yyyy-mm-ddThh:mm.", valueName: "time"))
        var from: String?

        @Option(help: ArgumentHelp("End: a time (exclusive), or a day (inclusive), as --from.", valueName: "time"))
        var to: String?

        @Option(help: ArgumentHelp("A spike id from `civicpulse alerts` or the log.", valueName: "id"))
        var spike: String?

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The instant answers are counted up to (default: now).", valueName: "time"))
        var asOf: String?

        @Option(parsing: .unconditional, help: "Rows of unanswered urgent items in text output.") var limit = 20
        @Option(help: "Output for people (text) or machines (json).") var format: OutputFormat = .text
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func validate() throws {
            try ArgumentCheck.count(limit, "--limit", in: 0...ArgumentCheck.mostRows)
            switch (from, to, spike) {
            case (.some, .some, nil), (nil, nil, .some): return
            case (_, _, .some): throw ValidationError("give either --spike or --from and --to, not both")
            default: throw ValidationError("give --from and --to, or --spike")
            }
        }

        func run() throws {
            let config = try councils.one(for: "incident")
            func time(_ text: String, _ name: String) throws -> Date {
                try ArgumentCheck.time(text, name, in: config.timeZone)
            }
            let instant = try asOf.map { try time($0, "--as-of") } ?? Date()
            let connection = try db.connectToSchema()
            var period: (from: Date, to: Date)
            var found: ListedSpike?
            if let spike {
                guard let match = try ListedSpike.find(org: config.org, id: spike, on: connection) else {
                    throw ValidationError("no single spike has the id \(ArgumentCheck.shown(spike)) (see `civicpulse alerts` or `incident --from … --to …`)")
                }
                found = match
                period = IncidentReport.period(of: match, asOf: instant, clock: HourClock(timeZone: config.timeZone))
            } else {
                period = (try time(from!, "--from"), try time(to!, "--to"))
                // A day as --to means the whole of it, as `dashboard --to` and `sla --to` read it.
                if let day = CivilDate(to!.trimmingCharacters(in: .whitespaces)) {
                    period.to = ReportPeriod(from: day, to: day, timeZone: config.timeZone).end
                }
                guard period.to > period.from else { throw ValidationError("--to must be after --from") }
            }
            let report: IncidentReport
            do {
                report = try IncidentReport.load(config: config, from: period.from, to: period.to, asOf: instant, spike: found, on: connection)
            } catch let error as IncidentReport.PeriodError {
                throw ValidationError(error.description)
            }
            try StandardOutput.line(format == .json ? try report.json() : report.text(limit: limit))
        }
    }
}
