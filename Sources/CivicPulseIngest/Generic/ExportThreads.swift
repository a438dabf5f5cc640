import Foundation

/// The reply chains of an export, gathered from all its rows before any is read: a reply's
/// parent, addressee and conversation come from other rows of the same file.
///
/// A reply may name its parent by the export's own message id or by the platform's id of it
/// (an export's `In reply to tweet` column); both lead to the same row. Where a row carries a
/// platform id, the chain is told in the platform's ids, as the platform's reader tells it: the
/// parent is the parent's tweet id, and the conversation is the root's tweet id, which is what
/// Twitter calls the conversation when the chain in the file starts at the thread's first tweet.
struct ExportThreads {
    private var authors: [String: String] = [:]
    private var replyTo: [String: String] = [:]
    private var platformIDs: [String: String] = [:]
    private var exportIDs: [String: String] = [:]
    private var rows: Set<String> = []

    /// Adds a row by its export id.
    mutating func add(id: String, author: String?, replyTo parent: String?, platformID: String?) {
        rows.insert(id)
        authors[id] = author
        replyTo[id] = parent
        if let platformID {
            platformIDs[id] = platformID
            exportIDs[platformID] = id
        }
    }

    /// The export id of the row `reference` names (by export or platform id); else the reference as written.
    private func row(_ reference: String) -> String {
        rows.contains(reference) ? reference : exportIDs[reference] ?? reference
    }

    /// Who wrote the message `reference` names, when it is in the file.
    func author(of reference: String) -> String? {
        authors[row(reference)]
    }

    /// The message `reference` names, as its event names it: the platform id when it has one.
    func eventID(of reference: String) -> String {
        let id = row(reference)
        return platformIDs[id] ?? id
    }

    /// The first message of the chain row `id` answers, within the file (or the message the
    /// earliest row in the file answers), as its event names it.
    func conversation(of id: String) -> String {
        var current = id
        var seen: Set<String> = [id]
        while let parent = replyTo[current].map(row), seen.insert(parent).inserted { current = parent }
        return eventID(of: current)
    }
}
