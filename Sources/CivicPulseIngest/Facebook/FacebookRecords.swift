import CivicPulseCore
import Foundation

/// What one record of a Facebook payload turned into.
struct FacebookOutcome {
    /// Posts and comments, classified once the whole document is read.
    var items: [FacebookItem] = []
    /// Events that need nothing else from the document (metrics, reactions, messages).
    var events: [EngagementEvent] = []
    /// What the record is when it holds nothing to store (an Insights row with no data): it is
    /// counted as ignored rather than quarantined.
    var ignoredAs: String?
}

/// One document's records on their way into the batch.
///
/// Counts each record and its path, turns a record's ``FieldProblem`` into a ``Rejection`` while
/// the rest carries on, and holds records back until the whole document has been read, so a
/// Page's reply can be addressed to the author of a comment that comes later in the same page of
/// results. A held record's events are accepted, or the record quarantined, as a whole.
struct FacebookRecords {
    let context: IngestContext
    /// `line 7` when the document is one line of a JSON Lines file, else empty.
    let linePrefix: String
    private var pending: [(origin: RecordOrigin, outcome: FacebookOutcome)] = []
    /// Webhook change fields and Messenger events that carry nothing to ingest, by name.
    private(set) var ignored: [String: Int] = [:]

    init(context: IngestContext, linePrefix: String) {
        self.context = context
        self.linePrefix = linePrefix
    }

    /// Where a record sits: `data[3]`, `line 7 entry[0].changes[1]`, or `(document)` for a lone object.
    func fullPath(_ path: String) -> String {
        switch (linePrefix.isEmpty, path.isEmpty) {
        case (true, true): "(document)"
        case (true, false): path
        case (false, true): linePrefix
        case (false, false): "\(linePrefix) \(path)"
        }
    }

    /// Reads one record; a problem with it becomes a rejection naming the field.
    mutating func read(_ record: JSONValue, at path: String, id: String?, into batch: inout NormalisedBatch,
                       _ body: () throws -> FacebookOutcome) {
        let origin = batch.startRecord(record, at: fullPath(path), id: id)
        do {
            pending.append((origin, try body()))
        } catch {
            batch.reject(origin, error)
        }
    }

    mutating func ignore(_ what: String) {
        ignored[what, default: 0] += 1
    }

    /// Classifies the held posts and comments, now that every author in the document is known.
    func finish(into batch: inout NormalisedBatch) {
        var authors: [String: String] = [:]
        // Only the writer adds or edits: a removal or hide may name whoever moderated.
        for item in pending.flatMap(\.outcome.items) where item.verb == .add || item.verb == .edited {
            if let author = item.author { authors[item.id] = author.id }
        }
        let classifier = FacebookClassifier(context: context, authors: authors)
        for (origin, outcome) in pending {
            if let what = outcome.ignoredAs, outcome.items.isEmpty, outcome.events.isEmpty {
                batch.ignore(origin, as: what)
                continue
            }
            batch.accept(from: origin) { outcome.items.map(classifier.event(for:)) + outcome.events }
        }
    }

    /// `; ignored: 2 ratings changes, 1 read receipt` for the batch's description, or empty.
    var ignoredSummary: String {
        guard !ignored.isEmpty else { return "" }
        return "; ignored: " + ignored.keys.sorted().map { "\(ignored[$0]!) \($0)" }.joined(separator: ", ")
    }
}

extension JSONValue {
    /// A required string field (`name`, `item`): not an id, so numbers are not accepted.
    func requiredString(_ key: String) throws -> String {
        guard let value = self[key] else { throw FieldProblem.missing(key) }
        guard let text = value.stringValue, !text.isEmpty else {
            throw FieldProblem(field: key, reason: "expected a string, got \(value.jsonText.prefix(40))")
        }
        return text
    }
}
