import ArgumentParser
import CivicPulseFetch
import CivicPulsePrivacy
import CivicPulseStore
import Foundation
import Postgres

extension CivicPulse {
    struct Privacy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "privacy",
            abstract: "Residents' data: apply erasures again after a restore.",
            subcommands: [Reapply.self]
        )

        struct Reapply: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reapply",
                abstract: "Apply again every erasure in the register file (erasures.jsonl beside the actor key).",
                discussion: """
                    Run it after restoring the database from a backup: an erasure made after the backup was \
                    taken is in the register file, not in the restored database, and this destroys its keys \
                    and unlinks its pseudonyms again, and takes its residents out of the fetch/serve archive again \
                    (should the archive have been restored too). What is already erased is left as it is, so running it \
                    again does nothing more. See docs/privacy.md.
                    """
            )

            @OptionGroup var archive: ArchiveOptions
            @OptionGroup var db: DatabaseOptions
            @OptionGroup var pipeline: PipelineOptions

            func run() throws {
                let connection = try db.connectToSchema()
                var archiveProblem: (root: String, error: Error)?
                let outcome = try connection.transaction {
                    try Erasure.reapply(ErasureRegister(home: db.homeURL), blank: { try Quarantine.erase(ids: $0, on: connection) },
                                        archive: { messages, _ in
                                            // After a restore the database is mended first, and that needs neither a
                                            // pipeline nor the actor key: their absence must not stop it.
                                            guard !messages.isEmpty, let root = archive.existingRoot(try? pipeline.load(), home: db.homeURL) else { return 0 }
                                            do {
                                                return try archiveErasure(root: root, on: connection).erase(.init(lookup: nil, messages: messages))
                                            } catch {
                                                archiveProblem = (root, error)
                                                return 0
                                            }
                                        }, on: connection)
                }
                try StandardOutput.line(PrivacySummary.line("erased again", outcome))
                if let (root, error) = archiveProblem {
                    printError("privacy reapply: the archive \(ArgumentCheck.shown(root)) was not rewritten: \(error)")
                    throw ExitCode.failure
                }
            }

            /// Reading the archive's files as ingest would takes the pipeline and the actor key.
            private func archiveErasure(root: String, on connection: Connection) throws -> ArchiveErasure {
                let config = try pipeline.load()
                let key = try ActorKey.forLookup(on: connection, environment: ProcessInfo.processInfo.environment, home: db.homeURL)
                return archive.erasure(config, home: db.homeURL, key: key)
            }
        }
    }
}
