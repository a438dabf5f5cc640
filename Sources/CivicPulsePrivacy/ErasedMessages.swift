import Foundation
import Postgres

/// What the erasure register (`erasures.jsonl`, which survives a restore) says ingest must not
/// bring back (docs/privacy.md, "Backups and restores"): after a restore from before an
/// erasure, the days the backup lacked are ingested again, and without this the messages the
/// register lists came back readable, under a pseudonym linked to their author, until the next
/// `privacy reapply`.
///
/// Ingest honours it as it appends: a listed message is stored already erased (its key a
/// tombstone with the verdict the register keeps, under the pseudonym it had when it was erased,
/// linked to nobody); the pseudonyms erasures unlinked are unlinked again if a restore linked
/// them; and the author of a listed message is logged under that old pseudonym in every event
/// the same append holds from before the erasure (the council's answers to them included), and
/// under a new one after it, so nothing joins what they wrote after the erasure to what it erased.
public struct ErasedMessages: Sendable {
    /// A listed message: its verdict, and when it was erased under which pseudonym.
    struct Erased: Sendable {
        let urgent: Bool
        let pseudonym: Data
        let at: Date
    }

    private let messages: [UUID: Erased]
    /// Every pseudonym an erasure unlinked, in hex.
    private let pseudonyms: [String]

    /// Nothing erased: a database with no register, or a test.
    public static let none = ErasedMessages(entries: [])

    /// The register's erasures of residents (the other scopes are made again from the log),
    /// with the links a restore brought back from a resident to a pseudonym an erasure unlinked
    /// deleted now, with their handles, before the run's first append looks a pseudonym up.
    ///
    /// Once a run (`ingest`, `fetch`, `serve`), as it starts, not once an append: only a restore
    /// brings such a link back, and a run is started after one (serve restarted, as its
    /// connection needs anyway), while a link the run's own appends make is to a new pseudonym.
    public static func honoured(_ register: ErasureRegister, on connection: Connection) throws -> ErasedMessages {
        let erased = ErasedMessages(entries: try register.entries())
        _ = try Pseudonyms.unlink(erased.pseudonyms, on: connection)
        return erased
    }

    init(entries: [ErasureEntry]) {
        var messages: [UUID: Erased] = [:]
        var pseudonyms: [String] = []
        for entry in entries where entry.scope == .resident {
            pseudonyms += entry.pseudonyms
            let unlinked = entry.pseudonyms.compactMap { Data(postgresText: "\\x" + $0) }
            // A forget unlinks the one pseudonym its messages were logged under; a message of an
            // entry that names none or several is given one of its own, linked to nobody.
            let pseudonym = unlinked.count == 1 ? unlinked[0] : MessageCipher.newKey()
            for (id, urgent) in entry.verdicts ?? [:] where messages[id] == nil {
                messages[id] = Erased(urgent: urgent, pseudonym: pseudonym, at: entry.at)
            }
        }
        self.messages = messages
        self.pseudonyms = pseudonyms
    }

    public var isEmpty: Bool { messages.isEmpty && pseudonyms.isEmpty }

    /// Whether the message `id` was erased, and its urgency verdict then.
    public func verdict(of id: UUID) -> Bool? {
        messages[id]?.urgent
    }

    /// The authors of the listed messages among `authored` (event id, author's keyed hash, when
    /// sent), each with the pseudonym their messages had until each erasure of theirs, in time order.
    public func authors(among authored: [(id: UUID, author: Data?, at: Date)]) -> Pseudonyms.Erased {
        var erasures: [Data: [Pseudonyms.Until]] = [:]
        for message in authored {
            guard let author = message.author, let erased = messages[message.id] else { continue }
            let until = Pseudonyms.Until(at: erased.at, pseudonym: erased.pseudonym)
            if !(erasures[author]?.contains(until) ?? false) { erasures[author, default: []].append(until) }
        }
        return erasures.mapValues { $0.sorted { $0.at < $1.at } }
    }
}
