import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseStore
import Foundation
import Postgres

/// Files read whole and appended together in the caller's transaction: serve's group commit.
/// Read whole, so small ones: serve's deliveries, each within its body limit.
///
/// Each statement is made once for the group, not once per file: one lookup of the ids, one
/// COPY, one insert of the runs, one settling of the quarantine. Seven statements (and a
/// savepoint) per file made committing a group of 31 deliveries take 239 ms in a debug build on
/// the loaded bench machine, 108 ms once grouped, and most of serve's time (docs/performance.md). Files are read before anything is written, so one
/// that cannot be read writes nothing and needs no savepoint.
public struct GroupAppend: Sendable {
    typealias Piece = PayloadPipeline<EventLog.EncodedEvents>.Piece

    private enum File {
        case read(String, [Piece])
        case unreadable(FileReport)
    }

    private var group: [File] = []
    /// The pipeline the files were read with, which judges a deleted message's urgency.
    private let config: PipelineConfig
    /// What the erasure register says must not come back.
    private let erased: ErasedMessages

    /// Reads every file whole, as `source` (detected when nil), on other threads as `ingest`
    /// does; a file that cannot be read is kept as its report. Throws what is not the file's
    /// fault (``IngestError`` is), as `ingest` would.
    public init(files: [String], reader: PayloadReader, as source: IngestSource?, erased: ErasedMessages = .none) throws {
        config = reader.config
        self.erased = erased
        let pipeline = Ingestor.encoding(files, reader: reader, as: source, mapping: nil)
        while let file = pipeline.nextFile() {
            var pieces: [Piece] = []
            do {
                while let piece = try pipeline.nextPiece() { pieces.append(piece) }
                group.append(.read(file, pieces))
            } catch let error as IngestError {
                group.append(.unreadable(.unreadable(file, error)))
            }
        }
    }

    /// Appends the files' events, stores their quarantined records and records their runs, in
    /// the transaction open on `connection`; each file's report, in the order read. A file whose
    /// every message lies in months `retention.events` dropped is refused on its report, as
    /// `ingest` refuses it (``FileAppend/refusal(of:lastSent:horizon:)``), the others appended.
    func append(on connection: Connection) throws -> [FileReport] {
        let horizon = try LogRetention.horizon(in: connection.query(LogRetention.horizonQuery))
        let group = self.group.map { file -> File in
            guard case .read(let name, let pieces) = file,
                  let refusal = FileAppend.refusal(of: name, lastSent: pieces.compactMap(\.prepared.lastSent).max(), horizon: horizon) else { return file }
            return .unreadable(.unreadable(name, refusal))
        }
        let read = group.compactMap { file -> (name: String, pieces: [Piece])? in
            if case .read(let name, let pieces) = file { return (name, pieces) }
            return nil
        }
        var results = try EventLog.append(each: read.flatMap { $0.pieces.map(\.prepared) }, judge: config.isUrgent, erased: erased, on: connection)[...]
        var rejections: [Rejection] = []
        var appends = read.map { file in
            var appending = FileAppend(file: file.name)
            for piece in file.pieces { rejections += appending.count(piece.batch, appended: results.removeFirst()) }
            return appending
        }
        try Quarantine.store(rejections, on: connection)
        try FileAppend.finish(&appends, on: connection)
        var appended = appends.makeIterator()
        return group.map { file in
            switch file {
            case .read: return appended.next()!.report
            case .unreadable(let report): return report
            }
        }
    }
}
