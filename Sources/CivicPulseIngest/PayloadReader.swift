import CivicPulseCore
import Foundation

/// A file that could not be read at all; nothing from it was appended.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let reason: String

    public var description: String { "\(file): \(reason)" }
}

/// Reads a payload file, recognises what it is, and hands its records to the right normaliser.
public struct PayloadReader: Sendable {
    public let config: PipelineConfig
    public let hasher: ActorHasher

    public init(config: PipelineConfig, hasher: ActorHasher) {
        self.config = config
        self.hasher = hasher
    }

    /// Reads `file` as `source`, or detects the source when `source` is nil.
    public func read(file: String, as source: IngestSource? = nil) throws -> NormalisedBatch {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw IngestError(file: file, reason: "cannot read the file: \(UnreadableFile.reason(file))")
        }
        return try read(data: data, file: file, as: source)
    }

    /// Reads `data`, the bytes of `file` its caller read and needs again (the archive's erasure
    /// rewrites them), as ``read(file:as:)`` reads the file.
    public func read(data: Data, file: String, as source: IngestSource? = nil) throws -> NormalisedBatch {
        try read(data: data, file: file, observedAt: FetchTime.of(file: file), as: source)
    }

    /// Reads an export through a column mapping of the pipeline (`channels:`).
    public func read(file: String, mapping id: String) throws -> NormalisedBatch {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw IngestError(file: file, reason: "cannot read the file: \(UnreadableFile.reason(file))")
        }
        return try read(data: data, file: file, mapping: id)
    }

    public func read(data: Data, file: String, mapping id: String) throws -> NormalisedBatch {
        guard let mapping = config.channels.first(where: { $0.id == id }) else {
            throw IngestError(file: file, reason: "no channel mapping '\(id)' in \(config.file) (mappings: \(config.channels.map(\.id).joined(separator: ", ")))")
        }
        let (description, records) = try GenericChannelReader.records(in: data, file: file)
        var batch = NormalisedBatch(file: file, recognisedAs: "\(mapping.channel) \(description) (mapping \(id))")
        let context = IngestContext(config: config, hasher: hasher, file: file, observedAt: Date())
        GenericChannelReader(context: context, mapping: mapping).normalise(records, into: &batch)
        TopicTagger(config: config).tag(&batch.events)
        return batch
    }

    public func read(data: Data, file: String, observedAt: Date, as source: IngestSource? = nil) throws -> NormalisedBatch {
        var batch = try normalise(data: data, file: file, observedAt: observedAt, as: source)
        TopicTagger(config: config).tag(&batch.events)
        return batch
    }

    private func normalise(data: Data, file: String, observedAt: Date, as source: IngestSource?) throws -> NormalisedBatch {
        let context = IngestContext(config: config, hasher: hasher, file: file, observedAt: observedAt)
        guard data.contains(where: { !Self.isBlank(byte: $0) }) else {
            throw IngestError(file: file, reason: "the file is empty")
        }
        let notADocument: JSONSyntaxError
        do {
            let document = try JSONValue.parse(data)
            let source = try source ?? detect(document, file: file)
            return normalise(document: document, source: source, context: context)
        } catch let error as JSONSyntaxError {
            notADocument = error
        }
        let lines = Self.lines(of: data)
        guard lines.count > 1, let firstLine = lines.first(where: { !Self.isBlank($0) }),
              let first = try? JSONValue.parse(firstLine) else {
            let csvHint = data.first(where: { !Self.isBlank(byte: $0) }).map { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "[") } ?? false
                ? "; a CSV export is read through one of the pipeline's channels: ingest --mapping ID" : ""
            throw IngestError(file: file, reason: "\(notADocument) (the file is neither JSON nor JSON Lines, one JSON object per line\(csvHint))")
        }
        let format = LinesFormat(source: try source ?? detect(first, file: file), context: context)
        // Each line is a record of its own, so a long file is normalised in pieces on every core
        // and the pieces joined in line order: a 50,000-line webhook log was one thread's work
        // while the other core waited (docs/performance.md). Files are streamed the same way
        // (`PayloadPipeline`); this reads JSON Lines handed over whole.
        let pieces = lines.count < Self.linesPerPiece ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let size = (lines.count + pieces - 1) / pieces
        let normalised = LockedPieces<NormalisedBatch>(count: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let range = (piece * size)..<min(lines.count, (piece + 1) * size)
            normalised.set(piece, normalise(LinePiece(lines: Array(lines[range]), firstIndex: range.lowerBound), as: format))
        }
        return normalised.values.reduce(into: NormalisedBatch(file: file, recognisedAs: format.recognisedAs)) { $0.absorb($1) }
    }

    /// JSON Lines files this long or longer are normalised in pieces.
    static let linesPerPiece = 2_000

    /// The file's lines as slices of it, found with `memchr`: splitting the text into Characters
    /// was a tenth of ingest's CPU, and even `Data.split` was 7%.
    static func lines(of data: Data) -> [Data] {
        var ranges: [Range<Int>] = []
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var start = 0
            while start <= raw.count {
                let rest = raw.count - start
                let found = rest > 0 ? memchr(base + start, 0x0A, rest) : nil
                let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? raw.count
                ranges.append(start..<end)
                start = end + 1
            }
        }
        return ranges.map { data[(data.startIndex + $0.lowerBound)..<(data.startIndex + $0.upperBound)] }
    }

    func detect(_ document: JSONValue, file: String) throws -> IngestSource {
        guard let format = IngestSource.formats.first(where: { $0.recognises(document) }) else {
            if let reason = KnownOutOfScope.reason(for: document) { throw IngestError(file: file, reason: reason) }
            throw IngestError(file: file, reason: "cannot tell what kind of payload this is; name the source: civicpulse ingest <\(IngestSource.allCases.map(\.rawValue).joined(separator: "|"))> FILE")
        }
        return format.source
    }

    private func normalise(document: JSONValue, source: IngestSource, context: IngestContext) -> NormalisedBatch {
        var batch = NormalisedBatch(file: context.file, recognisedAs: source.format.displayName)
        source.format.init(context: context).normalise(document: document, into: &batch)
        return batch
    }
}

/// One result per piece of work run with `concurrentPerform`, each written once by its own piece.
///
/// Not `Background` per piece: the file is itself read in a `Background` task, and a task that
/// blocks waiting for others queued behind it on the same pool can stall; `concurrentPerform`
/// runs pieces on the calling thread too.
private final class LockedPieces<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.withLock { slots[index] = value }
    }

    /// Every piece's value, in order; read after `concurrentPerform` has returned.
    var values: [Value] {
        lock.withLock { slots.map { $0! } }
    }
}
