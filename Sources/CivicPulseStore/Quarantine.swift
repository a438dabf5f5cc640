import CivicPulseCore
import Foundation
import Postgres

/// Keeps records that could not become events, so nothing is dropped silently, and whether each
/// has been accepted since.
///
/// A record's fate is appended to `civicpulse.quarantine_outcomes` by the ingest run of its file
/// that settled it (migration 027). The quarantine itself is changed only by `forget`, which
/// blanks the payload and reason of records that name the resident (``erase(naming:on:)``).
public enum Quarantine {
    /// What an erased record's reason says instead of its own, which may quote the payload.
    static let erasedReason = "erased: it named a resident who was forgotten"

    /// Blanks the payload and reason of every record whose payload holds `term` (a user id or a
    /// handle, any case) as a whole token, not inside a longer id or word; returns their ids.
    /// A raw payload names its author only by such a token, and which field it is in differs by
    /// platform, so a record that holds the same token for something else is blanked too: an
    /// erasure errs on the side of forgetting.
    public static func erase(naming term: String, on connection: Connection) throws -> [Int64] {
        let escaped = term.map { $0.isLetter || $0.isNumber || $0 == "_" ? String($0) : "\\\($0)" }.joined()
        return try connection.query("""
            UPDATE civicpulse.quarantine SET payload = '', reason = \(erasedReason)
            WHERE payload ~* \("(^|[^0-9A-Za-z_])" + escaped + "([^0-9A-Za-z_]|$)") AND payload <> ''
            RETURNING id
            """).map { try $0.decode(Int64.self, 0) }
    }

    /// Blanks the records `ids` again (after a restore from before their erasure); returns how
    /// many were not blank.
    public static func erase(ids: [Int64], on connection: Connection) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try connection.query("""
            UPDATE civicpulse.quarantine SET payload = '', reason = \(erasedReason)
            WHERE id = ANY(\(ids.map(String.init))::bigint[]) AND payload <> ''
            """).affectedRows
    }

    /// Stores `rejections` in the caller's transaction; one already stored is not stored again.
    @discardableResult
    public static func store(_ rejections: [Rejection], on connection: Connection) throws -> Int {
        var stored = 0
        for rejection in rejections {
            stored += try connection.query(.prepared("""
                INSERT INTO civicpulse.quarantine (source_file, record_index, record_path, record_id, field, reason, payload)
                VALUES (\(rejection.file), \(rejection.recordIndex), \(rejection.recordPath), \(rejection.recordID),
                        \(rejection.field), \(rejection.reason), \(rejection.payload))
                ON CONFLICT ON CONSTRAINT quarantine_once DO NOTHING
                """)).affectedRows
        }
        return stored
    }

    /// An ingest run of a file, as the quarantine settles it.
    public struct IngestRun: Sendable {
        public var file: String
        /// How many records the run read.
        public var read: Int
        /// The index of every record the run refused.
        public var refused: [Int]
        /// Its row in `civicpulse.ingest_runs`.
        public var id: Int64

        public init(file: String, read: Int, refused: [Int], id: Int64) {
            self.file = file
            self.read = read
            self.refused = refused
            self.id = id
        }
    }

    /// Records what each run means for its file's quarantined records, in the caller's
    /// transaction and one statement for all of them (serve commits a group of deliveries
    /// together): a record the run read without refusing it is resolved (appended, or already
    /// in the log); one it refused again is unresolved again. Only changes are appended.
    ///
    /// A record counts as read when the run read more records than its index: a file that came
    /// back shorter, or as a platform error with no records, changes nothing it did not read.
    public static func settle(_ runs: [IngestRun], on connection: Connection) throws {
        guard !runs.isEmpty else { return }
        try connection.query(.prepared("""
            INSERT INTO civicpulse.quarantine_outcomes (quarantine_id, ingest_run_id, resolved)
            SELECT q.id, run.id, this_run.resolved
            FROM unnest(\(runs.map(\.file))::text[], \(runs.map { String($0.read) })::text[]::integer[],
                        \(runs.map { String($0.id) })::text[]::bigint[],
                        \(runs.map { Set($0.refused).sorted().map(String.init).joined(separator: ",") })::text[])
                AS run (file, read, id, refused)
            JOIN civicpulse.quarantine q ON q.source_file = run.file
            \(latestOutcome)
            CROSS JOIN LATERAL (
                SELECT CASE WHEN q.record_index = ANY (string_to_array(run.refused, ',')::integer[]) THEN false
                            WHEN q.record_index < run.read THEN true END AS resolved
            ) this_run
            WHERE this_run.resolved <> coalesce(latest.resolved, false)
            """))
    }

    public static func count(on connection: Connection) throws -> Int {
        try connection.query("SELECT count(*) FROM civicpulse.quarantine")[0].decode(Int.self, 0)
    }

    /// A quarantined record as `civicpulse quarantine` lists it.
    public struct Entry: Sendable, Equatable {
        public var file: String
        public var recordPath: String
        public var recordID: String?
        public var field: String
        public var reason: String
        public var quarantinedAt: Date
        /// When a later ingest of the file accepted it; nil while it is unresolved.
        public var resolvedAt: Date?
    }

    /// Quarantined records, newest first: those still unresolved, or with `all`, every one.
    ///
    /// - Parameters:
    ///   - file: only records from files whose path contains this.
    ///   - limit: at most this many.
    public static func entries(file: String?, all: Bool, limit: Int, on connection: Connection) throws -> [Entry] {
        try connection.query("""
            SELECT q.source_file, q.record_path, q.record_id, q.field, q.reason, q.quarantined_at,
                   CASE WHEN latest.resolved THEN latest.settled_at END
            FROM civicpulse.quarantine q
            \(latestOutcome)
            WHERE \(fromFiles(containing: file))
              AND (\(all)::boolean OR latest.resolved IS NOT TRUE)
            ORDER BY q.quarantined_at DESC, q.source_file, q.record_index
            LIMIT \(limit)
            """).map { row in
            Entry(file: try row.decode(String.self, 0), recordPath: try row.decode(String.self, 1), recordID: try row.decode(String?.self, 2),
                  field: try row.decode(String.self, 3), reason: try row.decode(String.self, 4),
                  quarantinedAt: try row.decode(Date.self, 5), resolvedAt: try row.decode(Date?.self, 6))
        }
    }

    /// How many quarantined records from files whose path contains `file` `entries` would list
    /// with no limit: so a list cut short can say how many it left out.
    public static func count(file: String?, all: Bool, on connection: Connection) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM civicpulse.quarantine q
            \(latestOutcome)
            WHERE \(fromFiles(containing: file)) AND (\(all)::boolean OR latest.resolved IS NOT TRUE)
            """)[0].decode(Int.self, 0)
    }

    /// How many quarantined records from files whose path contains `file` have been resolved.
    public static func resolvedCount(file: String?, on connection: Connection) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM civicpulse.quarantine q
            \(latestOutcome)
            WHERE \(fromFiles(containing: file)) AND latest.resolved
            """)[0].decode(Int.self, 0)
    }

    /// Whether ingest has read (`civicpulse.ingest_runs`) or quarantined records from a file
    /// whose path contains `file`: a `--file` that matches none is a typo, not a clean file.
    public static func hasSeenFile(containing file: String, on connection: Connection) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (SELECT 1 FROM \(everySeenFile) WHERE strpos(seen.file, \(file)) > 0)
            """)[0].decode(Bool.self, 0)
    }

    /// Up to `limit` files ingest has read or quarantined records from, for a refusal to offer:
    /// those whose path contains `text` in another case first, then the newest.
    public static func seenFiles(near text: String, limit: Int, on connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT seen.file FROM \(everySeenFile)
            GROUP BY seen.file
            ORDER BY bool_or(strpos(lower(seen.file), lower(\(text))) > 0) DESC, max(seen.at) DESC, seen.file
            LIMIT \(limit)
            """).map { try $0.decode(String.self, 0) }
    }

    /// Every file ingest has read or quarantined from, as `seen (file, at)`.
    private static let everySeenFile: Query = """
        (SELECT source_file, finished_at FROM civicpulse.ingest_runs
         UNION ALL SELECT source_file, quarantined_at FROM civicpulse.quarantine) seen (file, at)
        """

    /// Joins each quarantined record `q` to its latest outcome, `latest` (`resolved`,
    /// `settled_at`); both are NULL for a record no later run has settled.
    private static let latestOutcome: Query = """
        LEFT JOIN LATERAL (
            SELECT o.resolved, o.settled_at FROM civicpulse.quarantine_outcomes o
            WHERE o.quarantine_id = q.id ORDER BY o.ingest_run_id DESC LIMIT 1
        ) latest ON true
        """

    /// Records `q` from files whose path contains `file`; every record when it is nil.
    private static func fromFiles(containing file: String?) -> Query {
        "(\(file)::text IS NULL OR strpos(q.source_file, \(file)) > 0)"
    }
}
