import CivicPulseCore
import Foundation
import SwiftCSV

/// Reads a CSV or JSON Lines export through a column mapping from the pipeline
/// (``GenericChannel``), so a council can bring channels that have no reader of their own.
///
/// A message whose author is the mapped account (its handle or id) is the org's: a `reply` when
/// it answers another message, else a `post`; anyone else's is an `inbound_message` to the
/// account. A `kind` column, when mapped, overrides that. The conversation is the mapped column,
/// else the root of the reply chain within the file, else the message itself.
struct GenericChannelReader {
    let context: IngestContext
    let mapping: GenericChannel

    /// One record: its path in the file (`row 3`, `line 7`) and its fields by column name, or why
    /// a JSON line could not be read at all (it is then quarantined, with the line as it was).
    typealias Record = (index: Int, path: String, fields: [String: String], unreadable: FieldProblem?)

    static func records(in data: Data, file: String) throws -> (description: String, records: [Record]) {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.first == "{" || trimmed.first == "[" {
            var records: [Record] = []
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.allSatisfy(\.isWhitespace) {
                do {
                    let object = try JSONValue.parse(Data(line.utf8))
                    guard let members = object.objectValue else {
                        records.append((offset, "line \(offset + 1)", ["line": String(line)], FieldProblem(field: "(line)", reason: "expected a JSON object")))
                        continue
                    }
                    records.append((offset, "line \(offset + 1)", members.compactMapValues { $0.idString ?? $0.stringValue }, nil))
                } catch {
                    let problem = FieldProblem(field: "(line)", reason: "not JSON at byte \(error.byte) of the line: \(error.reason)")
                    records.append((offset, "line \(offset + 1)", ["line": String(line)], problem))
                }
            }
            return ("JSON Lines export", records)
        }
        do {
            let csv = try CSV<Named>(string: text, delimiter: .comma, loadColumns: false)
            return ("CSV export", csv.rows.enumerated().map { ($0.offset, "row \($0.offset + 2)", $0.element, nil) })
        } catch {
            throw IngestError(file: file, reason: "not valid CSV (\(error))")
        }
    }

    func normalise(_ records: [Record], into batch: inout NormalisedBatch) {
        let columns = mapping.columns
        func value(_ field: GenericChannel.Field, _ record: Record) -> String? {
            columns[field].flatMap { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var authors: [String: String] = [:]
        var parents: [String: String] = [:]
        for record in records where record.unreadable == nil {
            guard let id = value(.id, record) else { continue }
            authors[id] = value(.author, record)
            parents[id] = value(.replyTo, record)
        }
        func root(of id: String) -> String {
            var current = id
            var seen: Set<String> = [id]
            while let parent = parents[current], seen.insert(parent).inserted { current = parent }
            return current
        }
        let account = context.config.accounts.first { $0.id == mapping.account }!
        let isOrg = { (author: String?) -> Bool in
            guard let author else { return false }
            return author == account.platformID || account.handle.map { $0.caseInsensitiveCompare(author.trimmingCharacters(in: CharacterSet(charactersIn: "@"))) == .orderedSame } == true
        }
        for record in records {
            let raw = JSONValue.object(record.fields.mapValues(JSONValue.string))
            batch.read(raw, at: record.path, id: value(.id, record), index: record.index) {
                if let unreadable = record.unreadable { throw unreadable }
                guard let id = value(.id, record) else { throw FieldProblem.missing(columns[.id]!) }
                guard let timeText = value(.time, record) else { throw FieldProblem.missing(columns[.time]!) }
                let time = try EventTime.read(.string(timeText), field: columns[.time]!)
                let author = value(.author, record)
                let fromOrg = isOrg(author)
                let replyTo = value(.replyTo, record)
                var kind: EventKind = fromOrg ? (replyTo == nil ? .post : .reply) : .inboundMessage
                if let written = value(.kind, record) {
                    guard let given = EventKind(rawValue: written), !given.isDerived else {
                        throw FieldProblem(field: columns[.kind]!, reason: "'\(written)' is not an event kind an export can give (\(EventKind.ingestible.map(\.rawValue).joined(separator: ", ")))")
                    }
                    kind = given
                }
                let text = value(.text, record)
                let addressee = fromOrg ? replyTo.flatMap { authors[$0] }.flatMap { isOrg($0) ? nil : $0 } : nil
                return [EngagementEvent(
                    platform: mapping.channel, sourceType: "message", sourceID: id, org: context.config.org,
                    channel: mapping.channel, account: account.id,
                    service: fromOrg ? account.service : context.service(for: account, text: text),
                    kind: kind, conversationID: value(.conversation, record) ?? root(of: id), parentID: replyTo,
                    actorHash: context.actorHash(platform: mapping.channel, userID: author), actorIsOrg: fromOrg,
                    addresseeHash: context.actorHash(platform: mapping.channel, userID: addressee),
                    occurredAt: time, text: text, url: value(.url, record), details: ["mapping": .string(mapping.id)]
                )]
            }
        }
    }
}
