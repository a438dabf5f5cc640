import ArgumentParser
import Foundation
import Postgres

@main
struct CivicPulse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civicpulse",
        abstract: "Engagement analytics for councils on social media, from an event log in PostgreSQL.",
        discussion: """
            With no database configured (no --database, DATABASE_URL or PG* variables), civicpulse \
            starts and uses its own PostgreSQL cluster under .civicpulse/pg.
            """,
        version: version,
        subcommands: [Database.self, Ingest.self, Inspect.self, QuarantineList.self, Process.self, Dashboard.self, SLA.self, Heatmap.self, Reach.self,
                      Summary.self, Alerts.self, Incident.self, Simulate.self, Fetch.self, Serve.self,
                      Export.self, ReportCommand.self, Forget.self, Privacy.self, Retention.self, Resident.self]
    )

    /// What `civicpulse --version` prints.
    static let version = "0.9.0"

    /// Runs the command line, refusing a command there is none of, with the nearest name
    /// (see ``CommandNames``); `help` for one too: argument-parser would print the general help
    /// and succeed, which reads as if the command existed. Whatever the outcome, output that
    /// could not be written is said before the process exits (``StandardOutput/finish()``).
    /// A reader gone (a closed pipe) is such a failed write, not a death by SIGPIPE in silence.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let arguments = LeadingOptions.moved(Array(CommandLine.arguments.dropFirst()))
        var path: [String] = []
        do {
            path = try CommandNames.check(arguments, under: CivicPulse.self)
            try DashedFileNames.check(arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
            try StandardOutput.finish()
        } catch let lost as OutputFailure {
            exitLosing(lost)
        } catch let refused as PostgresError where refused.sqlState == PrivilegeRefusal.sqlState {
            printError("Error: \(PrivilegeRefusal(command: path, refused: refused))")
            exitAfterOutput(withError: ExitCode.failure)
        } catch {
            refuseInOneLine(error)
            exitAfterOutput(withError: error)
        }
    }

    /// Exits as `error` asks (an alert's 2, an error's 1), unless the output written before it
    /// was lost, which is said instead: a monitor reading nothing must not take the status alone.
    private static func exitAfterOutput(withError error: Error) -> Never {
        do { try StandardOutput.finish() } catch { exitLosing(error) }
        exit(withError: error)
    }

    private static func exitLosing(_ lost: OutputFailure) -> Never {
        printError(lost.description)
        Foundation.exit(OutputFailure.exitStatus)
    }

    /// A bad argument, whether argument-parser or a command's own check found it: `Error:` and
    /// the message on one line, exit status 64. Without this, argument-parser follows it with
    /// the usage, which buries the one line that says what to change.
    private static func refuseInOneLine(_ error: Error) {
        guard exitCode(for: error) == .validationFailure else { return }
        let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        if !message.isEmpty { printError("Error: \(message)") }
        Foundation.exit(ExitCode.validationFailure.rawValue)
    }
}
