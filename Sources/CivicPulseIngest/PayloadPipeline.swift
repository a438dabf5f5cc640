import CivicPulseCore
import Foundation

/// Files read and normalised on other threads ahead of the one thread that uses them, handed
/// over file by file and, within a file, piece by piece in order.
///
/// A JSON document (an API response page, a webhook delivery) is one piece; a JSON Lines file
/// is read from disk about half a megabyte of lines at a time, each such piece a unit of work of
/// its own. At most `readAhead + 1` pieces are in memory at once, whatever the files' lengths:
/// a 100 MB JSON Lines file was held whole, with all its events, and took 960 MB to ingest. The
/// work still runs on every core, over files and over the pieces of a long file alike, while the
/// using thread appends (docs/performance.md).
///
/// Pieces are made by `prepare`, on the worker thread: ingest encodes a piece's events as COPY
/// rows there, inspect counts them. The events themselves are then let go.
public final class PayloadPipeline<Prepared: Sendable> {
    /// A piece of a file: what it turned into, without its events, and what `prepare` made of them.
    public struct Piece: Sendable {
        /// The piece's records read, rejections and platform errors; its events are in `prepared`.
        public let batch: NormalisedBatch
        public let prepared: Prepared
    }

    private struct Pending {
        let file: Int
        let work: Background<Piece>
    }

    private let files: [String]
    private let reader: PayloadReader
    private let source: IngestSource?
    private let mapping: String?
    private let readAhead: Int
    private let prepare: @Sendable (NormalisedBatch) -> Prepared
    /// The next file not yet opened.
    private var nextToOpen = 0
    /// The JSON Lines file whose pieces are being scheduled, and its index.
    private var lines: (file: Int, reading: JSONLinesFile)?
    /// Work started, in file and line order.
    private var pending: [Pending] = []
    private var current = -1

    /// - Parameters:
    ///   - source: read every file as this; detected for each file when nil.
    ///   - mapping: read every file whole through this pipeline column mapping.
    ///   - readAhead: pieces read and normalised ahead of the one in use (one per core by default).
    public init(files: [String], reader: PayloadReader, as source: IngestSource? = nil, mapping: String? = nil,
                readAhead: Int = ProcessInfo.processInfo.activeProcessorCount,
                prepare: @escaping @Sendable (NormalisedBatch) -> Prepared) {
        self.files = files
        self.reader = reader
        self.source = source
        self.mapping = mapping
        self.readAhead = max(1, readAhead)
        self.prepare = prepare
    }

    /// Moves on to the next file, leaving whatever of the one before was not taken; nil after the last.
    public func nextFile() -> String? {
        current += 1
        pending.removeAll { $0.file < current }
        if let open = lines, open.file < current { lines = nil }
        return current < files.count ? files[current] : nil
    }

    /// The current file's next piece; nil when it has no more. Throws ``IngestError`` when the
    /// file cannot be read or recognised.
    public func nextPiece() throws -> Piece? {
        startWork()
        guard let next = pending.first, next.file == current else { return nil }
        pending.removeFirst()
        startWork()
        do {
            return try next.work.value()
        } catch {
            // Nothing more of a file that failed: the next call ends it.
            pending.removeAll { $0.file == current }
            if lines?.file == current { lines = nil }
            throw error
        }
    }

    /// Starts work up to the read-ahead limit.
    private func startWork() {
        while pending.count < readAhead, let work = nextWork() {
            pending.append(work)
        }
    }

    /// The next unit of work in order: a piece of the open JSON Lines file, else the next file.
    private func nextWork() -> Pending? {
        let reader = self.reader, prepare = self.prepare
        if let open = lines {
            do {
                if let piece = try open.reading.nextPiece() {
                    if open.reading.isFinished { lines = nil }
                    let format = open.reading.format
                    return Pending(file: open.file, work: Background { Self.prepared(reader.read(piece, as: format), prepare) })
                }
                lines = nil
            } catch {
                lines = nil
                return Pending(file: open.file, work: Background { throw error })
            }
        }
        guard nextToOpen < files.count else { return nil }
        let index = nextToOpen, file = files[index], source = self.source
        nextToOpen += 1
        if let mapping {
            return Pending(file: index, work: Background { Self.prepared(try reader.read(file: file, mapping: mapping), prepare) })
        }
        do {
            if let reading = try reader.openLines(file: file, as: source) {
                lines = (index, reading)
                return nextWork()
            }
        } catch {
            return Pending(file: index, work: Background { throw error })
        }
        return Pending(file: index, work: Background { Self.prepared(try reader.read(file: file, as: source), prepare) })
    }

    private static func prepared(_ batch: NormalisedBatch, _ prepare: (NormalisedBatch) -> Prepared) -> Piece {
        let prepared = prepare(batch)
        var rest = batch
        rest.events = []
        return Piece(batch: rest, prepared: prepared)
    }
}
