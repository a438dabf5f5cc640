import ArgumentParser
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct QuarantineList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarantine",
            abstract: "List records ingest could not accept: when, file, record, field and reason.",
            discussion: """
                Fix the source and ingest the file again: the records already accepted are not appended twice, \
                and a record that run accepts (or finds already in the log) is resolved and no longer listed. \
                --all lists resolved records too, with when they were resolved.
                """
        )

        @Option(help: "Only records from files whose path contains this.") var file: String?
        @Flag(help: "Resolved records too, marked as such.") var all = false
        @Option(parsing: .unconditional, help: "At most this many, newest first.") var limit = 50
        @Option(help: "Output for people (text) or machines (json: every listed record, and the total).")
        var format: OutputFormat = .text
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            try ArgumentCheck.count(limit, "--limit", in: 1...ArgumentCheck.mostRows)
        }

        func run() throws {
            let listing = try QuarantineListing.load(file: file, all: all, limit: limit, on: try db.connectMigrated())
            print(format == .json ? try listing.json() : listing.text())
        }
    }
}
