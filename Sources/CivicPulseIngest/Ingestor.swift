import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseStore
import Foundation
import Postgres

/// Reads payload files and appends their events, one transaction per file, so a bad file
/// never takes good ones down with it and a file is either wholly in the log or not at all.
public struct Ingestor {
    public let reader: PayloadReader
    public let connection: Connection
    /// What the erasure register says must not come back (``ErasedMessages``): read once per run.
    public let erased: ErasedMessages

    public init(reader: PayloadReader, connection: Connection, erased: ErasedMessages = .none) {
        self.reader = reader
        self.connection = connection
        self.erased = erased
    }

    /// Ingests one file, as `source` (detected when nil), or through a pipeline column `mapping`.
    ///
    /// - Parameter alsoInTransaction: run in the file's transaction after its events, so what it
    ///   writes (fetch's cursor) commits with them or not at all; not run when the file is unreadable.
    public func ingest(file: String, as source: IngestSource? = nil, mapping: String? = nil,
                       alsoInTransaction: ((Connection) throws -> Void)? = nil) throws -> FileReport {
        var reports: [FileReport] = []
        try ingest(files: [file], as: source, mapping: mapping, alsoInTransaction: alsoInTransaction) { reports.append($0) }
        return reports[0]
    }

    /// Ingests `files` in order, handing each file's report to `report` once it is committed.
    ///
    /// Files, and pieces of long JSON Lines files, are read and normalised on other threads,
    /// up to `readAhead` pieces at once (one per core by default), while the piece before them
    /// is being appended, so parsing (most of ingest's CPU) runs in parallel and overlaps the
    /// server's work instead of waiting for it (docs/performance.md). Memory holds those pieces,
    /// not whole files (``PayloadPipeline``). Each file is still its own transaction, appended
    /// piece by piece in the order given.
    ///
    /// - Parameter alsoInTransaction: run in each file's transaction after its events.
    /// - Throws: ``IngestInterrupted`` when the database fails (or goes away) during a file: the
    ///   files reported before it are in the log, and it is not.
    public func ingest(files: [String], as source: IngestSource? = nil, mapping: String? = nil,
                       readAhead: Int = ProcessInfo.processInfo.activeProcessorCount,
                       alsoInTransaction: ((Connection) throws -> Void)? = nil,
                       report: (FileReport) throws -> Void) throws {
        let pipeline = encoding(files, as: source, mapping: mapping, readAhead: readAhead)
        var landed = 0, index = -1
        while let file = pipeline.nextFile() {
            index += 1
            var appending = FileAppend(file: file)
            do {
                try connection.transaction {
                    try append(from: pipeline, into: &appending)
                    try alsoInTransaction?(connection)
                }
            } catch let error as IngestError {
                try report(.unreadable(file, error))
                continue
            } catch let error as PostgresError {
                throw IngestInterrupted(file: file, landed: landed, left: files.count - index - 1,
                                        committing: appending.committing, error: error)
            }
            landed += 1
            try report(appending.report)
        }
    }

    /// Commits a group read beforehand in one transaction: serve's group commit, where
    /// deliveries that arrived together cost one commit (one flush of the server's write-ahead
    /// log) and one of each statement (``GroupAppend``) instead of one each, and serve reads the
    /// next group while this one commits. A file that could not be read is reported and left
    /// out, and the others go on. Reports are handed to `report` only once all of them are
    /// committed.
    ///
    /// - Throws: the `PostgresError` when the database fails or goes away: then none of the files
    ///   is in the log, unless the failure came with the COMMIT, whose outcome cannot be known
    ///   (ingesting them again appends only what is missing).
    public func ingestTogether(_ group: GroupAppend, report: (FileReport) throws -> Void) throws {
        let reports = try connection.transaction { try group.append(on: connection) }
        for file in reports { try report(file) }
    }

    /// `files` read and normalised ahead, each piece's events encoded for the log where it was read.
    private func encoding(_ files: [String], as source: IngestSource?, mapping: String?,
                          readAhead: Int = ProcessInfo.processInfo.activeProcessorCount) -> PayloadPipeline<EventLog.EncodedEvents> {
        Self.encoding(files, reader: reader, as: source, mapping: mapping, readAhead: readAhead)
    }

    static func encoding(_ files: [String], reader: PayloadReader, as source: IngestSource?, mapping: String?,
                         readAhead: Int = ProcessInfo.processInfo.activeProcessorCount) -> PayloadPipeline<EventLog.EncodedEvents> {
        PayloadPipeline(files: files, reader: reader, as: source, mapping: mapping, readAhead: readAhead) { batch in
            EventLog.EncodedEvents(batch.events, sourceFile: batch.file)
        }
    }

    /// Appends the pieces of the pipeline's current file and records its run, in the
    /// transaction (or savepoint) open on the connection.
    private func append(from pipeline: PayloadPipeline<EventLog.EncodedEvents>, into appending: inout FileAppend) throws {
        while let piece = try pipeline.nextPiece() {
            try appending.add(piece.batch, piece.prepared, config: reader.config, erased: erased, on: connection)
            Self.letGo(piece)
        }
        try appending.finish(on: connection)
    }

    /// Where appended pieces are freed: on the appending thread, freeing a piece's events, rows
    /// and keys was time the server waited for it (docs/performance.md).
    private static let freeing = DispatchQueue(label: "civicpulse.ingest.freeing", qos: .utility)

    /// Frees `piece` on ``freeing``: the closure holds it until it has run, by which time the
    /// appending thread has let its own reference go, so the last release (the freeing) is the
    /// closure's. Freed as it would be, only elsewhere; at most a piece more is in memory meanwhile.
    private static func letGo(_ piece: PayloadPipeline<EventLog.EncodedEvents>.Piece) {
        freeing.async { withExtendedLifetime(piece) {} }
    }

    /// Appends a normalised batch with its quarantined records and a record of the run, and
    /// settles the file's earlier quarantined records by what this run made of them.
    public func append(_ batch: NormalisedBatch) throws -> FileReport {
        var appending = FileAppend(file: batch.file)
        try connection.transaction {
            try appending.add(batch, EventLog.EncodedEvents(batch.events, sourceFile: batch.file), config: reader.config, erased: erased, on: connection)
            try appending.finish(on: connection)
        }
        return appending.report
    }
}
