import ArgumentParser
import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseStore
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

        @Option(help: "The platform the resident's account is on (twitter, facebook, instagram, youtube, …).") var platform: String
        @Option(name: .customLong("user-id"), help: "The resident's user id on that platform (not their handle).") var userID: String
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
            for (value, name) in [(platform, "--platform"), (userID, "--user-id")] {
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty, !value.contains(where: \.isNewline) else {
                    throw ValidationError("\(name) must name something (got \(ArgumentCheck.shown(value)))")
                }
            }
            guard !platform.contains(":") else { throw ValidationError("--platform \(ArgumentCheck.shown(platform)) cannot hold a colon") }
        }

        func run() throws {
            let config = try pipeline.load()
            let connection = try db.connectMigrated()
            let key = try ActorKey.forDatabase(on: connection, environment: ProcessInfo.processInfo.environment, home: db.homeURL)
            let lookup = ActorHasher(secret: key).hash(platform: platform, userID: userID)
            let outcome = try connection.transaction {
                try Erasure.forget(lookup: lookup, judge: { config.isUrgent($0, at: $1, service: $2) },
                                   register: ErasureRegister(home: db.homeURL), on: connection)
            }
            if outcome.residents == 0 {
                print("no resident is known as \(platform) user \(ArgumentCheck.shown(userID)) here: nothing to forget")
            } else {
                print(PrivacySummary.line("forgot", outcome))
            }
        }
    }
}
