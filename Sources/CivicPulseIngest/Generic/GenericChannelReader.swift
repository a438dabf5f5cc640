import CivicPulseCore
import Foundation
import SwiftCSV

/// Reads a CSV or JSON Lines export through a column mapping from the pipeline
/// (``GenericChannel``), so a council can bring channels that have no reader of their own, and
/// customer-care exports that hold several of its accounts.
///
/// A message whose author is one of the org's accounts (its handle or id) is the org's: a `reply`
/// when it answers another message, else a `post`; anyone else's is an `inbound_message` to the
/// account the mapping or the row's account column names. A `kind` column, when mapped, overrides
/// that. The conversation is the mapped column, else the root of the reply chain within the file,
/// else the message itself (``ExportThreads``). A row with the platform's own message id becomes
/// the event the platform's reader makes of it.
struct GenericChannelReader {
    let context: IngestContext
    let mapping: GenericChannel

    /// One record: its path in the file (`row 3`, `line 7`) and its fields by column name, or why
    /// a JSON line could not be read at all (it is then quarantined, with the line as it was).
    typealias Record = (index: Int, path: String, fields: [String: String], unreadable: FieldProblem?)

    static func records(in data: Data, file: String) throws -> (description: String, records: [Record]) {
        // A NUL byte is never in a text export: the file is binary. (Bytes that are not UTF-8 are
        // not refused: a spreadsheet's Windows-1252 export reads with a replacement character.)
        guard !data.contains(0) else {
            throw IngestError(file: file, reason: "not a CSV or JSON Lines export: the file holds NUL bytes, as binary files do")
        }
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.first == "{" || trimmed.first == "[" {
            var records: [Record] = []
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.allSatisfy(\.isWhitespace) {
                do {
                    let object = try JSONValue.parse(Data(line.utf8))
                    guard let members = object.objectValue else {
                        records.append((offset, "line \(offset + 1)", ["line": String(line)], FieldProblem(field: Rejection.wholeRecord, reason: "expected a JSON object")))
                        continue
                    }
                    records.append((offset, "line \(offset + 1)", members.compactMapValues { $0.idString ?? $0.stringValue }, nil))
                } catch {
                    let problem = FieldProblem(field: Rejection.wholeRecord, reason: "not JSON at byte \(error.byte) of the line: \(error.reason)")
                    records.append((offset, "line \(offset + 1)", ["line": String(line)], problem))
                }
            }
            return ("JSON Lines export", records)
        }
        do {
            let csv = try CSV<Named>(string: text, delimiter: .comma, loadColumns: false)
            return ("CSV export", csv.rows.enumerated().map { ($0.offset, "row \($0.offset + 2)", $0.element, nil) })
        } catch CSVParseError.quotation {
            throw IngestError(file: file, reason: "not valid CSV: a field has a quote (\") inside it without being quoted itself, or a quoted field is never closed")
        } catch {
            throw IngestError(file: file, reason: "not valid CSV")
        }
    }

    /// A mapped column's value in a record; an empty cell is no value.
    private func value(_ column: String?, _ record: Record) -> String? {
        column.flatMap { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func value(_ field: GenericChannel.Field, _ record: Record) -> String? {
        value(mapping.columns[field], record)
    }

    func normalise(_ records: [Record], into batch: inout NormalisedBatch) {
        let columns = mapping.columns
        let config = context.config
        var threads = ExportThreads()
        for record in records where record.unreadable == nil {
            guard let id = value(.id, record) else { continue }
            threads.add(id: id, author: value(.author, record), replyTo: value(.replyTo, record),
                        platformID: value(mapping.platformIDs?.column, record))
        }
        for record in records {
            let raw = JSONValue.object(record.fields.mapValues(JSONValue.string))
            batch.read(raw, at: record.path, id: value(.id, record), index: record.index) {
                if let unreadable = record.unreadable { throw unreadable }
                guard let id = value(.id, record) else { throw FieldProblem.missing(columns[.id]!) }
                guard let timeText = value(.time, record) else { throw FieldProblem.missing(columns[.time]!) }
                let time = try EventTime.read(.string(timeText), field: columns[.time]!)
                let account = try self.account(of: record)
                let author = value(.author, record)
                let fromOrg = author.map(config.isOrgAuthor) ?? false
                let replyTo = value(.replyTo, record)
                var kind: EventKind = fromOrg ? (replyTo == nil ? .post : .reply) : .inboundMessage
                if let written = value(.kind, record) {
                    guard let given = EventKind(rawValue: written), !given.isDerived else {
                        throw FieldProblem(field: columns[.kind]!, reason: "'\(written)' is not an event kind an export can give (\(EventKind.ingestible.map(\.rawValue).joined(separator: ", ")))")
                    }
                    kind = given
                }
                let text = value(.text, record)
                let addressee = fromOrg ? replyTo.flatMap(threads.author(of:)).flatMap { config.isOrgAuthor($0) ? nil : $0 } : nil
                let platformID = value(mapping.platformIDs?.column, record)
                var details: [String: JSONValue] = ["mapping": .string(mapping.id)]
                if platformID != nil { details["export_id"] = .string(id) }
                let (sourceType, sourceID) = platformID.map { (mapping.platformIDs!.platform.messageSourceType, $0) } ?? ("message", id)
                return [EngagementEvent(
                    platform: mapping.platform, sourceType: sourceType, sourceID: sourceID, org: config.org, channel: mapping.channel, account: account.id,
                    service: fromOrg ? account.service : context.service(for: account, text: text),
                    kind: kind, conversationID: value(.conversation, record) ?? threads.conversation(of: id),
                    parentID: replyTo.map(threads.eventID(of:)),
                    actorHash: context.actorHash(platform: mapping.platform, userID: author), actorIsOrg: fromOrg,
                    addresseeHash: context.actorHash(platform: mapping.platform, userID: addressee),
                    occurredAt: time, text: text, url: value(.url, record), details: details
                )]
            }
        }
    }

    /// The org account a record belongs to: the mapping's, or the one its account column names.
    /// A cell naming no account of the pipeline, or two, is the row's problem: filing it under
    /// some other account would put a resident's question in the wrong team's queue.
    private func account(of record: Record) throws -> PipelineConfig.Account {
        let config = context.config
        switch mapping.account {
        case .fixed(let id):
            return config.accounts.first { $0.id == id }!
        case .column(let column):
            guard let cell = value(column, record) else { throw FieldProblem.missing(column) }
            let named = config.accounts(named: cell, preferring: mapping.platform)
            guard named.count == 1 else {
                throw FieldProblem(field: column, reason: named.isEmpty
                    ? "'\(cell)' is not an account of the pipeline (accounts: \(config.accounts.map(\.id).joined(separator: ", ")); by id, handle or platform id)"
                    : "'\(cell)' names several accounts (\(named.map(\.id).joined(separator: ", "))); name one by its id")
            }
            return named[0]
        }
    }
}
