import ArgumentParser
import Foundation
import Postgres

extension CivicPulse {
    struct QuarantineList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarantine",
            abstract: "List records ingest could not accept: file, record, field and reason.",
            discussion: "Fix the source and ingest the file again: the records already accepted are not appended twice."
        )

        @Option(help: "Only records from files whose path contains this.") var file: String?
        @Option(help: "At most this many, newest first.") var limit = 50
        @OptionGroup var db: DatabaseOptions

        func run() throws {
            let connection = try db.connectMigrated()
            let rows = try connection.query("""
                SELECT source_file, record_path, record_id, field, reason, quarantined_at
                FROM civicpulse.quarantine
                WHERE \(file)::text IS NULL OR strpos(source_file, \(file)) > 0
                ORDER BY quarantined_at DESC, source_file, record_index
                LIMIT \(limit)
                """)
            guard !rows.isEmpty else { return print("no quarantined records") }
            for row in rows {
                let id = try row.decode(String?.self, 2).map { " (id \($0))" } ?? ""
                print("\(try row.decode(String.self, 0)): \(try row.decode(String.self, 1))\(id): field '\(try row.decode(String.self, 3))': \(try row.decode(String.self, 4))")
            }
        }
    }
}
