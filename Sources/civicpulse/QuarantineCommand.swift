import ArgumentParser
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
                --all lists resolved records too, with when they were resolved.
                """
        )

        @Option(help: "Only records from files whose path contains this.") var file: String?
        @Flag(help: "Resolved records too, marked as such.") var all = false
        @Option(parsing: .unconditional, help: "At most this many, newest first.") var limit = 50
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            try ArgumentCheck.count(limit, "--limit", in: 1...ArgumentCheck.mostRows)
        }

        func run() throws {
            let connection = try db.connectMigrated()
            // One more than is listed, to tell the user when there are more.
            let entries = try Quarantine.entries(file: file, all: all, limit: limit + 1, on: connection)
            guard entries.isEmpty else {
                entries.prefix(limit).forEach { print(Self.line($0)) }
                if entries.count > limit { print("… and more: --limit \(limit * 2) lists more") }
                return
            }
            let resolved = all ? 0 : try Quarantine.resolvedCount(file: file, on: connection)
            print(resolved == 0 ? "no quarantined records" : "no unresolved quarantined records (\(resolved) resolved: --all lists them)")
        }

        /// `2026-12-03T08:30:12Z  file: record (id …): field 'f': reason`, and with `--all`
        /// `  (resolved 2026-12-03T09:12:40Z)` after a resolved one.
        static func line(_ entry: Quarantine.Entry) -> String {
            let time = ISO8601DateFormatter()
            let id = entry.recordID.map { " (id \($0))" } ?? ""
            let resolved = entry.resolvedAt.map { "  (resolved \(time.string(from: $0)))" } ?? ""
            return "\(time.string(from: entry.quarantinedAt))  \(entry.file): \(entry.recordPath)\(id): field '\(entry.field)': \(entry.reason)\(resolved)"
        }
    }
}
