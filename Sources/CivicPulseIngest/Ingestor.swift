import CivicPulseCore
import CivicPulseStore
import Foundation
import Postgres

/// What ingesting one file did.
public struct FileReport: Sendable {
    public var file: String
    public var recognisedAs: String
    public var read = 0
    public var appended = 0
    public var duplicates = 0
    public var quarantined: [Rejection] = []
    public var platformErrors: [PlatformError] = []
    /// Set when the file could not be read at all.
    public var failure: String?

    /// Whether a person should look at this file: unreadable, an error response, or records quarantined.
    public var needsAttention: Bool {
        failure != nil || !quarantined.isEmpty || platformErrors.contains(where: \.isWholeResponse)
    }
}

/// Reads payload files and appends their events, one transaction per file, so a bad file
/// never takes good ones down with it and a file is either wholly in the log or not at all.
public struct Ingestor {
    public let reader: PayloadReader
    public let connection: Connection

    public init(reader: PayloadReader, connection: Connection) {
        self.reader = reader
        self.connection = connection
    }

    /// Ingests one file, as `source` (detected when nil), or through a pipeline column `mapping`.
    ///
    /// - Parameter alsoInTransaction: run in the file's transaction after its events, so what it
    ///   writes (fetch's cursor) commits with them or not at all; not run when the file is unreadable.
    public func ingest(file: String, as source: IngestSource? = nil, mapping: String? = nil,
                       alsoInTransaction: ((Connection) throws -> Void)? = nil) throws -> FileReport {
        let batch: NormalisedBatch
        do {
            batch = try mapping.map { try reader.read(file: file, mapping: $0) } ?? reader.read(file: file, as: source)
        } catch let error as IngestError {
            var report = FileReport(file: file, recognisedAs: "unreadable")
            report.failure = error.reason
            return report
        }
        return try append(PreparedFile(batch), alsoInTransaction: alsoInTransaction)
    }

    /// Ingests `files` in order, handing each file's report to `report` as it is appended.
    ///
    /// Files are read and normalised on other threads, up to `readAhead` of them at once (one
    /// per core by default), while the file before them is being appended, so parsing (most of
    /// ingest's CPU) runs in parallel and overlaps the server's work instead of waiting for it
    /// (docs/performance.md). At most `readAhead + 1` files are in memory at once; each file is
    /// still its own transaction, appended in the order given.
    public func ingest(files: [String], as source: IngestSource? = nil, mapping: String? = nil,
                       readAhead: Int = ProcessInfo.processInfo.activeProcessorCount,
                       report: (FileReport) throws -> Void) throws {
        let reader = self.reader
        var reading: [Background<PreparedFile>] = [] // in file order
        var nextToRead = 0
        func readAheadUpToLimit() {
            while nextToRead < files.count, reading.count < max(1, readAhead) {
                let file = files[nextToRead]
                reading.append(Background {
                    PreparedFile(try mapping.map { try reader.read(file: file, mapping: $0) } ?? reader.read(file: file, as: source))
                })
                nextToRead += 1
            }
        }
        for file in files {
            readAheadUpToLimit()
            let pending = reading.removeFirst()
            let batch = Result { try pending.value() }
            readAheadUpToLimit()
            switch batch {
            case .success(let prepared):
                try report(try append(prepared))
            case .failure(let error as IngestError):
                var unreadable = FileReport(file: file, recognisedAs: "unreadable")
                unreadable.failure = error.reason
                try report(unreadable)
            case .failure(let error):
                throw error
            }
        }
    }

    /// Appends a normalised batch with its quarantined records and a record of the run, and
    /// settles the file's earlier quarantined records by what this run made of them.
    public func append(_ batch: NormalisedBatch) throws -> FileReport {
        try append(PreparedFile(batch))
    }

    /// A normalised file with its events encoded for the log: made on the thread that read it.
    struct PreparedFile: Sendable {
        let batch: NormalisedBatch
        let events: EventLog.EncodedEvents

        init(_ batch: NormalisedBatch) {
            self.batch = batch
            events = EventLog.EncodedEvents(batch.events, sourceFile: batch.file)
        }
    }

    private func append(_ prepared: PreparedFile, alsoInTransaction: ((Connection) throws -> Void)? = nil) throws -> FileReport {
        let batch = prepared.batch
        var report = FileReport(file: batch.file, recognisedAs: batch.recognisedAs)
        report.read = batch.recordsRead
        report.quarantined = batch.rejections
        report.platformErrors = batch.platformErrors
        try connection.transaction {
            let result = try EventLog.append(prepared.events, on: connection)
            report.appended = result.appended
            report.duplicates = result.duplicates
            try Quarantine.store(batch.rejections, on: connection)
            let run = try connection.query("""
                INSERT INTO civicpulse.ingest_runs
                    (source_file, recognised_as, records_read, appended, duplicates, quarantined, platform_errors)
                VALUES (\(batch.file), \(batch.recognisedAs), \(report.read), \(report.appended), \(report.duplicates),
                        \(batch.rejections.count), \(batch.platformErrors.count))
                RETURNING id
                """)[0].decode(Int64.self, 0)
            try Quarantine.settle(file: batch.file, read: batch.recordsRead, rejected: batch.rejections, run: run, on: connection)
            try alsoInTransaction?(connection)
        }
        return report
    }
}
