import CivicPulseCore
import CivicPulseStore
import Foundation
import Postgres

/// What `civicpulse quarantine` lists: the records ingest could not accept, newest first, and
/// how many there are in all, so a list cut at `--limit` says how many it left out.
public struct QuarantineListing: Codable, Sendable, Equatable {
    public struct Record: Codable, Sendable, Equatable {
        public var file: String
        public var record: String
        public var recordID: String?
        public var field: String
        public var reason: String
        public var quarantinedAt: Date
        /// When a later ingest of the file accepted it; null while it is unresolved.
        public var resolvedAt: Date?

        enum CodingKeys: String, CodingKey {
            case file, record, field, reason
            case recordID = "record_id"
            case quarantinedAt = "quarantined_at"
            case resolvedAt = "resolved_at"
        }
    }

    public var records: [Record]
    /// Every record the filter matches, listed or not.
    public var total: Int
    /// Records resolved by a later ingest; counted only when they are not listed (without --all).
    public var resolved: Int

    /// - Parameters:
    ///   - file: only records from files whose path contains this.
    ///   - all: resolved records too.
    ///   - limit: at most this many are listed.
    public static func load(file: String?, all: Bool, limit: Int, on connection: Connection) throws -> QuarantineListing {
        let entries = try Quarantine.entries(file: file, all: all, limit: limit, on: connection)
        let total = try Quarantine.count(file: file, all: all, on: connection)
        let resolved = all ? 0 : try Quarantine.resolvedCount(file: file, on: connection)
        return QuarantineListing(records: entries.map(Record.init), total: total, resolved: resolved)
    }

    public func json() throws -> String {
        try reportJSON(self)
    }

    /// One line a record, then how many more there are and how to list them.
    public func text() -> String {
        guard !records.isEmpty else {
            return resolved == 0 ? "no quarantined records" : "no unresolved quarantined records (\(Formatting.count(resolved)) resolved: --all lists them)"
        }
        var lines = records.map(\.line)
        if total > records.count {
            lines.append("… and \(Formatting.count(total - records.count)) more: --limit \(total) lists them all")
        }
        return lines.joined(separator: "\n")
    }
}

extension QuarantineListing.Record {
    init(_ entry: Quarantine.Entry) {
        self.init(file: entry.file, record: entry.recordPath, recordID: entry.recordID, field: entry.field, reason: entry.reason,
                  quarantinedAt: entry.quarantinedAt, resolvedAt: entry.resolvedAt)
    }

    /// `2026-12-03T08:30:12Z  file: record (id …): field 'f': reason` (``Rejection/problem(field:reason:)``), and `  (resolved
    /// 2026-12-03T09:12:40Z)` after a resolved one; the file's name and the record's words go
    /// through `TerminalText.safe`, as the reason quotes the payload.
    var line: String {
        let time = ISO8601DateFormatter()
        let id = recordID.map { " (id \($0))" } ?? ""
        let resolved = resolvedAt.map { "  (resolved \(time.string(from: $0)))" } ?? ""
        let what = TerminalText.safe("\(file): \(record)\(id): \(Rejection.problem(field: field, reason: reason))")
        return "\(time.string(from: quarantinedAt))  \(what)\(resolved)"
    }
}
