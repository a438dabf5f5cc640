import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseStore
import Foundation
import Postgres

/// One file being appended in its transaction, piece by piece, and what its pieces add up to.
struct FileAppend {
    private(set) var report: FileReport
    /// The index of every record the file's pieces refused: the quarantine is settled by them.
    private var refused: [Int] = []
    /// Set once everything of the file is written: a failure after that is the COMMIT's, whose
    /// outcome a client that lost the server cannot know.
    private(set) var committing = false
    /// When the latest message of the file's pieces so far was sent.
    private var lastSent: Date?

    init(file: String) {
        report = FileReport(file: file, recognisedAs: "")
    }

    /// Appends a piece's events (encoded beforehand) and stores its quarantined records; `config`
    /// judges the urgency a deleted message's tombstone keeps; `erased` is what the erasure
    /// register says must not come back.
    mutating func add(_ piece: NormalisedBatch, _ events: EventLog.EncodedEvents, config: PipelineConfig, erased: ErasedMessages,
                      on connection: Connection) throws {
        if let sent = events.lastSent { lastSent = max(lastSent ?? sent, sent) }
        try Quarantine.store(count(piece, appended: try EventLog.append(events, judge: config.isUrgent, erased: erased, on: connection)), on: connection)
    }

    /// Refuses a file whose every message was sent before the end of the newest month
    /// `retention.events` dropped (`horizon`, ``LogRetention/horizonQuery``): a file of a dropped month,
    /// ingested again, would bring back what retention took out, as events recorded now that
    /// would stay for the whole period again. Said on the file's line, not skipped in silence.
    /// Judged once the whole file is read, in its transaction: a long file's first piece may be
    /// all old while a later one is new, and the file is then appended whole.
    private func refuseDropped(before horizon: Date?) throws {
        if let refusal = Self.refusal(of: report.file, lastSent: lastSent, horizon: horizon) { throw refusal }
    }

    /// Why `file`, whose latest message was sent at `lastSent`, may not be appended with the
    /// log's retention `horizon` where it is; nil when it may. Ingest's files and serve's
    /// deliveries are refused alike: a platform's redelivery of an old message is as old.
    static func refusal(of file: String, lastSent: Date?, horizon: Date?) -> IngestError? {
        guard let lastSent, let horizon, lastSent < horizon else { return nil }
        return IngestError(file: file, reason: "every message in it was sent before \(horizon.formatted(.iso8601)), in months retention.events "
            + "has dropped from the log (docs/privacy.md); nothing of it was appended")
    }

    /// Counts a piece whose events the log took as `result`; its rejections, numbered within the
    /// file, for the quarantine.
    mutating func count(_ piece: NormalisedBatch, appended result: EventLog.AppendResult) -> [Rejection] {
        let rejections = piece.rejectionsNumbered(after: report.read)
        report.recognisedAs = piece.recognisedAs
        report.read += piece.recordsRead
        report.appended += result.appended
        report.duplicates += result.duplicates
        report.corrected += result.corrected
        report.quarantinedCount += piece.rejections.count
        report.quarantined += rejections.prefix(max(0, FileReport.listedLimit - report.quarantined.count))
        report.platformErrors += piece.platformErrors
        refused += rejections.map(\.recordIndex)
        return rejections
    }

    /// Refuses the file if it lies wholly in dropped months; else records the run and settles the
    /// file's earlier quarantined records by what it made of them. The horizon is asked with the
    /// run's insert, in one round trip; a refused file's transaction is rolled back, the run with it.
    mutating func finish(on connection: Connection) throws {
        var files = [self]
        try Self.finish(&files, askingFirst: [LogRetention.horizonQuery], on: connection) { answers in
            try refuseDropped(before: LogRetention.horizon(in: answers[0]))
        }
        self = files[0]
    }

    /// Records the runs of `files` and settles their earlier quarantined records, one statement
    /// for each of the two whatever the number of files (serve's group commit). `askingFirst` is
    /// sent with the runs' insert, and its answers handed to `judge` before the quarantine is settled.
    static func finish(_ files: inout [FileAppend], askingFirst questions: [Query] = [], on connection: Connection,
                       judge: ([Rows]) throws -> Void = { _ in }) throws {
        guard !files.isEmpty else { return }
        let reports = files.map(\.report)
        // Identities are drawn in the order rows are inserted, which ORDER BY fixes: the ids in
        // ascending order are the files' in order.
        let insert: Query = .prepared("""
            INSERT INTO civicpulse.ingest_runs
                (source_file, recognised_as, records_read, appended, duplicates, quarantined, platform_errors)
            SELECT file, recognised_as, read::integer, appended::integer, duplicates::integer, quarantined::integer,
                   platform_errors::integer
            FROM unnest(\(reports.map(\.file))::text[], \(reports.map(\.recognisedAs))::text[],
                        \(reports.map { String($0.read) })::text[], \(reports.map { String($0.appended) })::text[],
                        \(reports.map { String($0.duplicates) })::text[], \(reports.map { String($0.quarantinedCount) })::text[],
                        \(reports.map { String($0.platformErrors.count) })::text[])
                WITH ORDINALITY AS run (file, recognised_as, read, appended, duplicates, quarantined, platform_errors, position)
            ORDER BY position
            RETURNING id
            """)
        let answers = try connection.pipeline(questions + [insert])
        try judge(Array(answers.dropLast()))
        let runs = try answers.last!.map { try $0.decode(Int64.self, 0) }.sorted()
        try Quarantine.settle(zip(files, runs).map { file, run in
            Quarantine.IngestRun(file: file.report.file, read: file.report.read, refused: file.refused, id: run)
        }, on: connection)
        for index in files.indices { files[index].committing = true }
    }
}
