import CivicPulseCore
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

    init(file: String) {
        report = FileReport(file: file, recognisedAs: "")
    }

    /// Appends a piece's events (encoded beforehand) and stores its quarantined records.
    mutating func add(_ piece: NormalisedBatch, _ events: EventLog.EncodedEvents, on connection: Connection) throws {
        let result = try EventLog.append(events, on: connection)
        let rejections = piece.rejectionsNumbered(after: report.read)
        try Quarantine.store(rejections, on: connection)
        report.recognisedAs = piece.recognisedAs
        report.read += piece.recordsRead
        report.appended += result.appended
        report.duplicates += result.duplicates
        report.corrected += result.corrected
        report.quarantinedCount += piece.rejections.count
        report.quarantined += rejections.prefix(max(0, FileReport.listedLimit - report.quarantined.count))
        report.platformErrors += piece.platformErrors
        refused += rejections.map(\.recordIndex)
    }

    /// Records the run and settles the file's earlier quarantined records by what it made of them.
    mutating func finish(on connection: Connection) throws {
        let run = try connection.query("""
            INSERT INTO civicpulse.ingest_runs
                (source_file, recognised_as, records_read, appended, duplicates, quarantined, platform_errors)
            VALUES (\(report.file), \(report.recognisedAs), \(report.read), \(report.appended), \(report.duplicates),
                    \(report.quarantinedCount), \(report.platformErrors.count))
            RETURNING id
            """)[0].decode(Int64.self, 0)
        try Quarantine.settle(file: report.file, read: report.read, refused: refused, run: run, on: connection)
        committing = true
    }
}
