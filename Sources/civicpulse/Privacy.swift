import ArgumentParser
import CivicPulseFetch
import CivicPulsePrivacy
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Privacy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Residents' data: apply erasures again after a restore.",
            subcommands: [Reapply.self]
        )

        struct Reapply: ParsableCommand {
            static let configuration = CommandConfiguration(
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
                let config = try pipeline.load()
                let connection = try db.connectMigrated()
                let key = try ActorKey.forLookup(on: connection, environment: ProcessInfo.processInfo.environment, home: db.homeURL)
                let archived = archive.erasure(config, home: db.homeURL, key: key)
                let outcome = try connection.transaction {
                    try Erasure.reapply(ErasureRegister(home: db.homeURL), blank: { try Quarantine.erase(ids: $0, on: connection) },
                                        archive: { messages, _ in try archived.erase(.init(lookup: nil, messages: messages)) }, on: connection)
                }
                print(PrivacySummary.line("erased again", outcome))
            }
        }
    }
}
