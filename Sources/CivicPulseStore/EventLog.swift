import CivicPulseCore
import CivicPulsePrivacy
import Foundation
import Postgres

/// Appends events to `civicpulse.events`, idempotently: an event already in the log is a duplicate.
/// A duplicate that fills what the log's copy left unknown (its account, thread, parent or
/// addressee: `EventAttribution`) appends a correction too (`EventCorrection`).
///
/// The usual case is a file with nothing in the log yet, so its events are COPYed straight into
/// the log, as `psql \copy` does: staging every row in a temporary table first (then
/// `INSERT … SELECT … ON CONFLICT DO NOTHING`) cost as much server time again, and looking every
/// id up first a tenth of it (docs/performance.md). Only when the unique index refuses the COPY
/// (a file read before, fetch's overlapping pages) is it rolled back to a savepoint, the ids looked
/// up, and the new events COPYed again; if another ingest appends one of the same events between
/// that lookup and that COPY, the file goes the staged way, which never fails on a duplicate.
///
/// Residents' data is stored as docs/privacy.md says: each hash a reader computed becomes the
/// resident's random pseudonym (``Pseudonyms``, one statement per append), and a resident's text
/// and link are sealed under a key of the message's own, stored in the same transaction; a
/// message a platform says was deleted has its key destroyed in that transaction too
/// (``PlatformDeletions``), whether its `delete` comes with it, after it or before it.
public enum EventLog {
    public struct AppendResult: Sendable, Equatable {
        public var appended: Int
        /// Events already in the log, those that corrected it included.
        public var duplicates: Int
        /// Events already in the log whose reading filled something it left unknown.
        public var corrected: Int

        public init(appended: Int, duplicates: Int, corrected: Int = 0) {
            self.appended = appended
            self.duplicates = duplicates
            self.corrected = corrected
        }
    }

    /// The hashes come last: they become pseudonyms only on the appending thread, once looked
    /// up, and are added to the end of rows encoded beforehand.
    static let columns = [
        "event_id", "org", "platform", "source_type", "source_id", "channel", "account", "service", "kind",
        "conversation_id", "parent_id", "actor_is_org", "occurred_at",
        "body", "url", "details", "source_file", "actor_hash", "addressee_hash",
    ]

    /// Appends `events` inside the caller's transaction. `judge` tells, for a deleted message
    /// whose key is destroyed, whether its text held an urgent keyword (the pipeline's rule);
    /// `erased` is what the erasure register says must not come back (``ErasedMessages``).
    public static func append(_ events: [EngagementEvent], sourceFile: String?, judge: Erasure.Judge, erased: ErasedMessages = .none,
                              on connection: Connection) throws -> AppendResult {
        try append(EncodedEvents(events, sourceFile: sourceFile), judge: judge, erased: erased, on: connection)
    }

    /// Appends events encoded beforehand inside the caller's transaction.
    public static func append(_ events: EncodedEvents, judge: Erasure.Judge, erased: ErasedMessages = .none, on connection: Connection) throws -> AppendResult {
        try append(each: [events], judge: judge, erased: erased, on: connection)[0]
    }

    /// Appends several files' events inside the caller's transaction with one lookup and one
    /// COPY for all of them: serve's group commit, where a statement per file cost each delivery
    /// its own round trips to the server (docs/performance.md). Each file's result is what
    /// appending the files one after the other would give: an event an earlier file of the
    /// group holds is a duplicate of the later one.
    public static func append(each files: [EncodedEvents], judge: Erasure.Judge, erased: ErasedMessages = .none,
                              on connection: Connection) throws -> [AppendResult] {
        let ids = files.flatMap(\.ids)
        guard !ids.isEmpty else { return files.map { AppendResult(appended: 0, duplicates: $0.received) } }
        guard files.count == 1 || Set(ids).count == ids.count else {
            // A later file repeats an event an earlier one of the group brings: its reading may
            // correct that one's, which is only in the log once the earlier file is appended.
            return try files.map { try append(each: [$0], judge: judge, erased: erased, on: connection)[0] }
        }
        // Before anything of the append is stored: taken after storing keys, this lock would wait
        // for another append holding the shared one, which could be waiting for it in turn.
        if files.contains(where: \.hasDelete) {
            try connection.execute(PlatformDeletions.deletesOneAtATime)
        }
        let erasedAuthors = erased.isEmpty ? [:] : erased.authors(among: files.flatMap { $0.events.map { ($0.eventID, $0.actorHash, $0.occurredAt) } })
        let lookups = erasedAuthors.isEmpty ? Pseudonyms.Lookups(merging: files.map(\.lookups))
            : Pseudonyms.Lookups(Set(files.flatMap { $0.lookups(besides: erasedAuthors) }))
        // The handles and the append's lock and savepoint go in the pseudonyms' round trip: none
        // of them needs its answer. An author keeping a pseudonym an erasure unlinked has no handle recorded.
        let handles = ResidentHandles.recording(files.flatMap(\.handles).filter { !erasedAuthors.keep($0.lookup, sent: $0.at) })
        let pseudonyms = try Pseudonyms.resolve(lookups, then: (handles.map { [$0] } ?? []) + appendSavepoint, on: connection)
            .keeping(erasedAuthors)
        let results = try appendNew(files, skipping: [], corrected: files.map { _ in 0 }, pseudonyms: pseudonyms, erased: erased,
                                    savepointTaken: true, on: connection)
            ?? appendLookingUp(files, pseudonyms: pseudonyms, erased: erased, on: connection)
        _ = try PlatformDeletions.carry(files.count == 1 ? files[0].carried : files.reduce(into: []) { $0.formUnion($1.carried) },
                                        judge: judge, on: connection)
        return results
    }

    /// Taken before the log's COPY: the lock that keeps deletions from meeting the keys stored
    /// (``PlatformDeletions/holdOffDeletes``), and the savepoint a refused COPY is rolled back to.
    private static let appendSavepoint: [Query] = [Query(unsafeSQL: PlatformDeletions.holdOffDeletes), "SAVEPOINT civicpulse_append"]

    /// Appends `files` when some of their events may be in the log already: looks their ids up,
    /// appends the corrections the repeated ones' readings make, and the new events with one COPY
    /// (staged, should another ingest append one of them meanwhile).
    private static func appendLookingUp(_ files: [EncodedEvents], pseudonyms: Pseudonyms, erased: ErasedMessages,
                                        on connection: Connection) throws -> [AppendResult] {
        let stored = Set(try connection.query(.prepared("""
            SELECT event_id FROM civicpulse.events WHERE event_id = ANY(\(BinaryArray(files.flatMap(\.ids))))
            """)).map { try $0.decode(UUID.self, 0) })
        let corrected = try files.map { file in
            let repeated = stored.intersection(file.ids)
            return repeated.isEmpty ? 0 : try correct(repeated, by: file, pseudonyms: pseudonyms, erased: erased, on: connection)
        }
        return try appendNew(files, skipping: stored, corrected: corrected, pseudonyms: pseudonyms, erased: erased, on: connection)
            ?? appendStaged(files, corrected: corrected, pseudonyms: pseudonyms, erased: erased, on: connection)
    }

    /// Appends the events of `files` not in `stored` with one COPY, and their keys; nil, with
    /// nothing of them kept, when the log's unique index refuses one: an event in the log
    /// already, which `stored` did not name.
    ///
    /// Tried first with nothing in `stored`, the usual case (a file new to the log), so that
    /// looking the ids up, a tenth of ingest's server time, is paid only by a file that repeats
    /// events (docs/performance.md). What a refused COPY costs: its rows written up to the
    /// refused one, then rolled back, and an `ERROR: duplicate key` line in PostgreSQL's log.
    ///
    /// `savepointTaken`: ``appendSavepoint`` was sent already, with the pseudonyms.
    private static func appendNew(_ files: [EncodedEvents], skipping stored: Set<UUID>, corrected: [Int], pseudonyms: Pseudonyms,
                                  erased: ErasedMessages, savepointTaken: Bool = false, on connection: Connection) throws -> [AppendResult]? {
        var taken = stored
        /// What each file skips: the log's, and the group's earlier files'.
        var skipping: [Set<UUID>] = []
        var keys: [MessageKeys.Stored] = []
        let results = zip(files, corrected).map { file, corrected in
            let appended = file.ids.count(where: { !taken.contains($0) })
            skipping.append(taken)
            keys += file.keys(skipping: taken, pseudonyms: pseudonyms, erased: erased)
            taken.formUnion(file.ids)
            return AppendResult(appended: appended, duplicates: file.received - appended, corrected: corrected)
        }
        guard results.contains(where: { $0.appended > 0 }) else {
            if savepointTaken { try connection.execute("RELEASE SAVEPOINT civicpulse_append") }
            return results
        }
        if !savepointTaken { _ = try connection.pipeline(appendSavepoint) }
        do {
            try connection.copyIn("COPY civicpulse.events (\(columnList)) FROM STDIN") { writer in
                for (file, skipped) in zip(files, skipping) {
                    try file.writeRows(skipping: skipped, pseudonyms: pseudonyms, into: &writer)
                }
            }
            try MessageKeys.store(keys, on: connection)
            try connection.execute("RELEASE SAVEPOINT civicpulse_append")
            return results
        } catch let error as PostgresError where error.sqlState == "23505" {
            try connection.execute("ROLLBACK TO SAVEPOINT civicpulse_append; RELEASE SAVEPOINT civicpulse_append")
            return nil
        }
    }

    /// Appends each of `files` through ``appendStaged(_:pseudonyms:erased:on:)``.
    private static func appendStaged(_ files: [EncodedEvents], corrected: [Int], pseudonyms: Pseudonyms, erased: ErasedMessages,
                                     on connection: Connection) throws -> [AppendResult] {
        try zip(files, corrected).map { file, corrected in
            var result = try appendStaged(file, pseudonyms: pseudonyms, erased: erased, on: connection)
            result.corrected = corrected
            return result
        }
    }

    /// Appends through a staging table with `ON CONFLICT DO NOTHING`, which never fails on an
    /// event another writer appended after the lookup, and counts what it added.
    private static func appendStaged(_ events: EncodedEvents, pseudonyms: Pseudonyms, erased: ErasedMessages, on connection: Connection) throws -> AppendResult {
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_events ON COMMIT DELETE ROWS AS
                SELECT \(columnList) FROM civicpulse.events WITH NO DATA;
            DELETE FROM staged_events
            """)
        try connection.copyIn("COPY staged_events (\(columnList)) FROM STDIN") { writer in
            try events.writeRows(skipping: [], pseudonyms: pseudonyms, into: &writer)
        }
        let inserted = Set(try connection.query(Query(unsafeSQL: """
            INSERT INTO civicpulse.events (\(columnList))
            SELECT \(columnList) FROM staged_events ORDER BY occurred_at, event_id
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """)).map { try $0.decode(UUID.self, 0) })
        try MessageKeys.store(events.keys(skipping: Set(events.ids).subtracting(inserted), pseudonyms: pseudonyms, erased: erased), on: connection)
        return AppendResult(appended: inserted.count, duplicates: events.received - inserted.count)
    }

    private static let columnList = columns.joined(separator: ", ")

    /// Appends the corrections the readings in `events` of the `stored` ones make; returns how
    /// many readings made one. Each is compared with its event as corrected so far: the stored
    /// row, then its corrections in log order.
    private static func correct(_ stored: Set<UUID>, by events: EncodedEvents, pseudonyms: Pseudonyms, erased listed: ErasedMessages,
                                on connection: Connection) throws -> Int {
        let ids = stored.map { $0.uuidString.lowercased() }
        var known: [UUID: (kind: EventKind, attribution: EventAttribution)] = [:]
        for row in try connection.query(.prepared("""
            SELECT CASE WHEN kind = 'correction' THEN details ->> 'corrects' ELSE event_id::text END, CASE WHEN kind = 'correction' THEN details ->> 'kind' ELSE kind END,
                   account, service, conversation_id, parent_id, addressee_hash, details -> 'provisional'
            FROM civicpulse.events
            WHERE event_id = ANY(\(ids)::uuid[])
               OR (kind = 'correction' AND details ->> 'corrects' = ANY(\(ids)::text[]))
            ORDER BY tx_id, position
            """)) {
            guard let id = UUID(uuidString: try row.decode(String.self, 0)), let kind = EventKind(rawValue: try row.decode(String.self, 1)) else { continue }
            let provisional = try row.decode(String?.self, 7).flatMap { try? JSONValue.parse(Data($0.utf8)) }
            let reading = EventAttribution(
                account: try row.decode(String.self, 2), service: try row.decode(String.self, 3),
                conversationID: try row.decode(String?.self, 4), parentID: try row.decode(String?.self, 5),
                addresseeHash: try row.decode(Data?.self, 6),
                provisional: EventAttribution.provisional(in: provisional.map { [EventAttribution.provisionalKey: $0] } ?? [:]))
            known[id] = (kind, known[id].map { $0.attribution.merged(with: reading) } ?? reading)
        }
        // An erased message stays erased: a correction would carry the reading's link under a new
        // key and its author under a new pseudonym, joining the message to them again. So does one
        // the register lists, in a database restored from before its erasure.
        let erased = try MessageKeys.erased(among: Array(stored), on: connection)
        var corrections: [EngagementEvent] = []
        for var event in events.events where stored.contains(event.eventID) && !erased.contains(event.eventID) && listed.verdict(of: event.eventID) == nil {
            // The log holds pseudonyms: the reading's hashes are compared as what they become.
            event.actorHash = pseudonyms(event.actorHash, sent: event.occurredAt)
            event.addresseeHash = pseudonyms(event.addresseeHash, sent: event.occurredAt)
            guard let logged = known[event.eventID],
                  let correction = EventCorrection.make(target: event.eventID, kind: logged.kind, stored: logged.attribution, reading: event)
            else { continue }
            corrections.append(correction)
            known[event.eventID]!.attribution = logged.attribution.merged(with: event.attribution)
        }
        guard !corrections.isEmpty else { return 0 }
        // None is in the log: a logged correction is part of `known`, so its reading fills
        // nothing. One another ingest appends meanwhile sends the COPY the staged way.
        let encoded = [EncodedEvents(corrections, sourceFile: events.sourceFile)]
        _ = try appendNew(encoded, skipping: [], corrected: [0], pseudonyms: pseudonyms, erased: listed, on: connection)
            ?? appendStaged(encoded, corrected: [0], pseudonyms: pseudonyms, erased: listed, on: connection)
        return corrections.count
    }

    /// A file's events as the log stores them: each once, in event time, encoded as the COPY
    /// rows of ``EventLog/columns``.
    ///
    /// Made on the thread that normalised the file, so the thread that appends it only looks up
    /// ids and sends bytes: encoding on the appending thread (details written as JSON, every field
    /// escaped) was a fifth of ingest's CPU in series with the server's work (docs/performance.md).
    public struct EncodedEvents: Sendable {
        /// Events received, duplicates within the file included.
        public let received: Int
        /// Distinct events in the order of their rows.
        let ids: [UUID]
        /// The events of `ids`, which a reading of an event already in the log is compared with.
        let events: [EngagementEvent]
        let sourceFile: String?
        /// Every hash the events carry, ready to be looked up as pseudonyms.
        let lookups: Pseudonyms.Lookups
        /// The handles residents wrote under, for `privacy.handles`.
        let handles: [ResidentHandles.Seen]
        /// Whether a platform deleted a message here: the append then takes ``PlatformDeletions/deletesOneAtATime``.
        let hasDelete: Bool
        /// The messages a deletion can be carried to (``PlatformDeletions/messages(in:)``).
        let carried: Set<PlatformDeletions.Message>
        /// The rows without their last two fields, the hashes, each ending in a newline.
        private let rows: CopyRows
        /// Where each row ends in `rows.bytes`.
        private let ends: [Int]
        /// The key each resident's message with a text or link was sealed under, by row.
        private let sealed: [SealedMessage?]

        public init(_ events: [EngagementEvent], sourceFile: String?) {
            received = events.count
            // Once each (the first delivery), then in event time: positions follow event time
            // within a file, which keeps the log readable by eye. A long JSON Lines file is
            // appended a piece at a time (its whole would not fit in memory), so there it is
            // within each piece, the pieces in line order; an event a later piece repeats is
            // found in the log by `append`'s lookup and counted as a duplicate.
            // A later reading in the file fills what the first left unknown (`EventAttribution`).
            var first: [UUID: Int] = [:]
            var distinct: [EngagementEvent] = []
            for event in events {
                if let index = first[event.eventID] {
                    distinct[index].fill(from: event)
                } else {
                    first[event.eventID] = distinct.count
                    distinct.append(event)
                }
            }
            distinct.sort { ($0.occurredAt, $0.eventID.byteOrder.0, $0.eventID.byteOrder.1) < ($1.occurredAt, $1.eventID.byteOrder.0, $1.eventID.byteOrder.1) }
            var rows = CopyRows(reservingCapacity: distinct.count * 400)
            var ends: [Int] = []
            ends.reserveCapacity(distinct.count)
            // The council's own messages are public statements and stay readable (docs/privacy.md).
            let sealed = SealedMessage.sealing(distinct.map { $0.actorIsOrg ? (nil, nil) : ($0.text, $0.url) })
            var lookups = Set<Data>()
            for (event, seal) in zip(distinct, sealed) {
                if let hash = event.actorHash { lookups.insert(hash) }
                if let hash = event.addresseeHash { lookups.insert(hash) }
                rows.field(event.eventID)
                rows.field(event.org)
                rows.field(event.platform)
                rows.field(event.sourceType)
                rows.field(event.sourceID)
                rows.field(event.channel)
                rows.field(event.account)
                rows.field(event.service)
                rows.field(event.kind.rawValue)
                rows.field(event.conversationID)
                rows.field(event.parentID)
                rows.field(event.actorIsOrg)
                rows.field(event.occurredAt)
                rows.field(seal.map(\.body) ?? event.text)
                rows.field(seal.map(\.url) ?? event.url)
                rows.field(event.details.jsonText)
                rows.field(sourceFile)
                rows.endRow()
                ends.append(rows.bytes.count)
            }
            handles = distinct.compactMap { event in
                guard !event.actorIsOrg, let lookup = event.actorHash, let handle = event.actorHandleHash else { return nil }
                return ResidentHandles.Seen(handle: handle, lookup: lookup, at: event.occurredAt)
            }
            hasDelete = distinct.contains { $0.kind == .delete }
            carried = PlatformDeletions.messages(in: distinct)
            ids = distinct.map(\.eventID)
            self.events = distinct
            self.sourceFile = sourceFile
            self.rows = rows
            self.ends = ends
            self.sealed = sealed
            self.lookups = Pseudonyms.Lookups(lookups)
        }

        /// When the latest of the messages and changes was sent (they are in event time); nil when
        /// there are none. Metric snapshots are left out: they are dated when they were fetched.
        public var lastSent: Date? {
            events.last(where: { $0.kind != .metricSnapshot })?.occurredAt
        }

        /// The hashes the events carry, but those of `erased` residents in events sent before
        /// their erasure, which keep the pseudonym it unlinked: none is allocated for them.
        func lookups(besides erased: Pseudonyms.Erased) -> [Data] {
            events.flatMap { event in
                [event.actorHash, event.addresseeHash].compactMap { hash in
                    hash.flatMap { erased[$0]?.contains { event.occurredAt < $0.at } == true ? nil : $0 }
                }
            }
        }

        /// Writes the rows of the events not in `stored` into a COPY under way, with their hashes
        /// as `pseudonyms` has them. Written as the COPY goes, a chunk at a time, so the server
        /// takes the first rows while the rest are written: made whole first, the rows were
        /// written with the server waiting (docs/performance.md).
        func writeRows(skipping stored: Set<UUID>, pseudonyms: Pseudonyms, into writer: inout CopyWriter) throws {
            for (index, id) in ids.enumerated() where !stored.contains(id) {
                // The row without its newline, then the two hash fields and the newline.
                writer.append(encodedFields: rows.bytes[(index == 0 ? 0 : ends[index - 1])..<(ends[index] - 1)])
                writer.field(pseudonyms(events[index].actorHash, sent: events[index].occurredAt))
                writer.field(pseudonyms(events[index].addresseeHash, sent: events[index].occurredAt))
                try writer.endRow()
            }
        }

        /// The keys of the sealed messages among the events not in `stored`; a message `erased`
        /// lists gets its tombstone instead, and the key it was sealed under is let go unstored.
        func keys(skipping stored: Set<UUID>, pseudonyms: Pseudonyms, erased: ErasedMessages) -> [MessageKeys.Stored] {
            zip(ids, sealed).enumerated().compactMap { index, pair in
                guard let seal = pair.1, !stored.contains(pair.0) else { return nil }
                let pseudonym = pseudonyms(events[index].actorHash, sent: events[index].occurredAt)
                if let urgent = erased.verdict(of: pair.0) {
                    return MessageKeys.Stored(eventID: pair.0, pseudonym: pseudonym, erasedAsUrgent: urgent)
                }
                return MessageKeys.Stored(eventID: pair.0, pseudonym: pseudonym, key: seal.key)
            }
        }
    }

    /// How many events the log holds.
    public static func count(on connection: Connection) throws -> Int {
        try connection.query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0)
    }
}
