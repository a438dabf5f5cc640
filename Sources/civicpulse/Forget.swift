import ArgumentParser
import CivicPulseCore
import CivicPulseFetch
import CivicPulsePrivacy
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget",
            abstract: "Erase one resident: their messages become unreadable and their pseudonym is unlinked.",
            discussion: """
                Destroys the key of every message the resident wrote (its text and link in the log become \
                unreadable for good), deletes the link from the resident to their pseudonym (their next \
                message starts a new one that nothing joins to the old), blanks quarantined records that \
                name the resident (by the user id or handle given, as a whole word), rewrites the fetch/serve archive files that hold their messages, id or \
                handle (their records keep only ids and times; others' mentions of them get a random stand-in), and records the erasure in the register (privacy.erasures and erasures.jsonl \
                beside the actor key, which `civicpulse privacy reapply` applies again after a restore). \
                Every figure stays as it was. See docs/privacy.md, which also says what this cannot do for \
                messages logged before sealing began.
                """
        )

        @OptionGroup var resident: ResidentOptions
        @OptionGroup var archive: ArchiveOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            let connection = try db.connectToSchema()
            let key = try ActorKey.forLookup(on: connection, environment: ProcessInfo.processInfo.environment, home: db.homeURL)
            let archived = archive.erasure(config, home: db.homeURL, key: key)
            let outcome = try connection.transaction {
                try Erasure.forget(lookup: try resident.lookup(on: connection, hasher: ActorHasher(secret: key)), judge: { config.isUrgent($0, at: $1, service: $2) },
                                   quarantine: { try Quarantine.erase(naming: resident.term, on: connection) },
                                   archive: { messages, lookup in
                                       try archived.erase(.init(lookup: lookup, messages: messages, platform: resident.platform, userID: resident.userID, handle: resident.handle))
                                   },
                                   register: ErasureRegister(home: db.homeURL), on: connection)
            }
            if outcome == ErasureOutcome() {
                try StandardOutput.line("no resident is known as \(resident.described) here: nothing to forget")
            } else {
                try StandardOutput.line(PrivacySummary.line("forgot", outcome))
            }
        }
    }
}
