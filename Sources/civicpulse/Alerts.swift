import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Alerts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alerts",
            abstract: "Spikes under way, urgent items unanswered, SLA deadlines just missed: for the duty officer or a monitor.",
            discussion: """
                Reads the projections as `civicpulse process` left them (run it first, or keep \
                `process --follow` running). Spikes: every series (listening topic, service, all inbound) \
                in spike at --as-of. Urgent items: unanswered, opened within --urgent-within. Breaches: \
                items whose deadline passed within --since without an answer. See docs/emergencies.md.

                When no message has been processed within --data-within (default 24h) before --as-of, \
                the data has stopped (the feeds or the processor may be down): it says so, lists the spikes \
                open when it stopped as such rather than as under way, and exits 2, since someone should look.

                Exit status: 0 when all is quiet; 2 when there is a spike, an unanswered urgent item, a \
                breach or no recent data (someone should act); 64 for a bad argument; 1 for other errors.
                """
        )

        // Durations are read `.unconditional`ly so that `--since -5m` reaches validate() and is
        // refused as negative, not taken for a missing value and an unknown option.
        @Option(parsing: .unconditional, help: ArgumentHelp("How far back a missed deadline counts (e.g. 1h, 30m, 1d).", valueName: "duration"))
        var since = "1h"

        @Option(name: .customLong("urgent-within"), parsing: .unconditional,
                help: ArgumentHelp("How far back unanswered urgent items are listed.", valueName: "duration"))
        var urgentWithin = "24h"

        @Option(name: .customLong("data-within"), parsing: .unconditional,
                help: ArgumentHelp("How recent the newest processed message must be, else the data has stopped.", valueName: "duration"))
        var dataWithin = "24h"

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The instant to judge at (ISO 8601, or local yyyy-mm-ddThh:mm; default: now).", valueName: "time"))
        var asOf: String?

        @Option(parsing: .unconditional, help: "Rows to list per section in text output.") var limit = 20
        @Option(help: "Output for people (text) or machines (json).") var format: OutputFormat = .text
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func validate() throws {
            for (value, name) in [(since, "--since"), (urgentWithin, "--urgent-within"), (dataWithin, "--data-within")] {
                _ = try ArgumentCheck.duration(value, name)
            }
            try ArgumentCheck.count(limit, "--limit", in: 0...ArgumentCheck.mostRows)
        }

        func run() throws {
            let config = try councils.one(for: "alerts")
            let instant = try asOf.map { try ArgumentCheck.time($0, "--as-of", in: config.timeZone) } ?? Date()
            let report = try AlertsReport.load(
                config: config, asOf: instant, since: try ArgumentCheck.duration(since, "--since"),
                urgentWithin: try ArgumentCheck.duration(urgentWithin, "--urgent-within"),
                dataWithin: try ArgumentCheck.duration(dataWithin, "--data-within"), on: try db.connectToSchema()
            )
            try StandardOutput.line(format == .json ? try report.json() : report.text(limit: limit))
            if report.needsAction { throw ExitCode(AlertsReport.actExitStatus) }
        }
    }
}
