import ArgumentParser
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
                    and unlinks its pseudonyms again. What is already erased is left as it is, so running it \
                    again does nothing more. See docs/privacy.md.
                    """
            )

            @OptionGroup var db: DatabaseOptions

            func run() throws {
                let connection = try db.connectMigrated()
                let outcome = try connection.transaction { try Erasure.reapply(ErasureRegister(home: db.homeURL), blank: { try Quarantine.erase(ids: $0, on: connection) }, on: connection) }
                print(PrivacySummary.line("erased again", outcome))
            }
        }
    }
}
