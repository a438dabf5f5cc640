import ArgumentParser
import CivicPulseCore
import CivicPulsePrivacy
import Foundation

extension CivicPulse {
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase one resident: their messages become unreadable and their pseudonym is unlinked.",
            discussion: """
                Destroys the key of every message the resident wrote (its text and link in the log become \
                unreadable for good), deletes the link from the resident to their pseudonym (their next \
                message starts a new one that nothing joins to the old), clears those messages' links from \
                the projections, and records the erasure in the register (privacy.erasures and erasures.jsonl \
                beside the actor key, which `civicpulse privacy reapply` applies again after a restore). \
                Every figure stays as it was. See docs/privacy.md, which also says what this cannot do for \
                messages logged before sealing began.
                """
        )

        @OptionGroup var resident: ResidentOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            let connection = try db.connectMigrated()
            let outcome = try connection.transaction {
                guard let lookup = try resident.lookup(on: connection, home: db.homeURL) else { return ErasureOutcome() }
                return try Erasure.forget(lookup: lookup, judge: { config.isUrgent($0, at: $1, service: $2) },
                                          register: ErasureRegister(home: db.homeURL), on: connection)
            }
            if outcome.residents == 0 {
                print("no resident is known as \(resident.described) here: nothing to forget")
            } else {
                print(PrivacySummary.line("forgot", outcome))
            }
        }
    }
}
