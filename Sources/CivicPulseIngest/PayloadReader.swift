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
            throw IngestError(file: file, reason: "cannot read the file")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? Date()
        return try read(data: data, file: file, observedAt: modified, as: source)
    }

    /// Reads an export through a column mapping of the pipeline (`channels:`).
    public func read(file: String, mapping id: String) throws -> NormalisedBatch {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw IngestError(file: file, reason: "cannot read the file")
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
        if let document = try? JSONValue.parse(data) {
            let source = try source ?? detect(document, file: file)
            return normalise(document: document, source: source, context: context)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1, let firstLine = lines.first(where: { !$0.allSatisfy(\.isWhitespace) }),
              let first = try? JSONValue.parse(Data(firstLine.utf8)) else {
            throw IngestError(file: file, reason: "not JSON and not JSON Lines (one JSON object per line)")
        }
        let source = try source ?? detect(first, file: file)
        var batch = NormalisedBatch(file: file, recognisedAs: "\(source.format.displayName) JSON Lines")
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let lineNumber = offset + 1
            guard let record = try? JSONValue.parse(Data(line.utf8)) else {
                batch.recordsRead += 1
                batch.rejections.append(Rejection(file: file, recordIndex: offset, recordPath: "line \(lineNumber)", recordID: nil,
                                                  field: "(line)", reason: "not valid JSON", payload: String(line.prefix(10_000))))
                continue
            }
            normalise(line: record, lineNumber: lineNumber, source: source, context: context, into: &batch)
        }
        return batch
    }

    private func detect(_ document: JSONValue, file: String) throws -> IngestSource {
        guard let format = IngestSource.formats.first(where: { $0.recognises(document) }) else {
            throw IngestError(file: file, reason: "cannot tell what kind of payload this is; name the source: civicpulse ingest <\(IngestSource.allCases.map(\.rawValue).joined(separator: "|"))> FILE")
        }
        return format.source
    }

    private func normalise(document: JSONValue, source: IngestSource, context: IngestContext) -> NormalisedBatch {
        var batch = NormalisedBatch(file: context.file, recognisedAs: source.format.displayName)
        source.format.init(context: context).normalise(document: document, into: &batch)
        return batch
    }

    private func normalise(line: JSONValue, lineNumber: Int, source: IngestSource, context: IngestContext, into batch: inout NormalisedBatch) {
        source.format.init(context: context).normalise(line: line, lineNumber: lineNumber, into: &batch)
    }
}
