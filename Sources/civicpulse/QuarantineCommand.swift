import ArgumentParser
import CivicPulseReports
import CivicPulseStore
import Foundation
import Postgres

extension CivicPulse {
    struct QuarantineList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarantine",
            abstract: "List records ingest could not accept: when, file, record, field and reason.",
            discussion: """
                Fix the source and ingest the file again: the records already accepted are not appended twice, \
                and a record that run accepts (or finds already in the log) is resolved and no longer listed. \
                --all lists resolved records too, with when they were resolved. A --file that matches no file \
                ingest has read is refused, with the files it has read that come nearest.
                """
        )

        /// How many files a refused --file offers instead.
        static let offered = 3

        @Option(help: "Only records from files whose path contains this.") var file: String?
        @Flag(help: "Resolved records too, marked as such.") var all = false
        @Option(parsing: .unconditional, help: "At most this many, newest first.") var limit = 50
        @Option(help: "Output for people (text) or machines (json: every listed record, and the total).")
        var format: OutputFormat = .text
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            if let file { try ArgumentCheck.path(file, "--file") }
            try ArgumentCheck.count(limit, "--limit", in: 1...ArgumentCheck.mostRows)
        }

        func run() throws {
            let connection = try db.connectToSchema()
            if let file { try refuseUnseen(file, on: connection) }
            let listing = try QuarantineListing.load(file: file, all: all, limit: limit, on: connection)
            try StandardOutput.line(format == .json ? try listing.json() : listing.text())
        }

        /// Refuses a --file no ingested file's path contains: listed as "no quarantined records",
        /// a typo read as a clean file.
        private func refuseUnseen(_ file: String, on connection: Connection) throws {
            guard try !Quarantine.hasSeenFile(containing: file, on: connection) else { return }
            let near = try Quarantine.seenFiles(near: file, limit: Self.offered + 1, on: connection)
            let offer = near.isEmpty ? "ingest has read no file yet"
                : "files ingest has read: \(near.prefix(Self.offered).joined(separator: ", "))\(near.count > Self.offered ? ", …" : "")"
            throw ValidationError(TerminalText.safe("--file \(ArgumentCheck.shown(file)) matches no file ingest has read or quarantined from (\(offer))"))
        }
    }
}
