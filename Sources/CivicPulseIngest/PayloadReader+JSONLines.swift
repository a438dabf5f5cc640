import CivicPulseCore
import Foundation

extension PayloadReader {
    /// Opens `file` to be read a piece at a time when it is JSON Lines, as `source` (detected from
    /// its first line when nil); nil when the file is to be read whole.
    func openLines(file: String, as source: IngestSource?) throws -> JSONLinesFile? {
        try JSONLinesFile.open(file) { first in
            LinesFormat(source: try source ?? detect(first, file: file),
                        context: IngestContext(config: config, hasher: hasher, file: file, observedAt: FetchTime.of(file: file)))
        }
    }

    /// One piece of a JSON Lines file as events, with their listening topics.
    func read(_ piece: LinePiece, as format: LinesFormat) -> NormalisedBatch {
        var batch = normalise(piece, as: format)
        TopicTagger(config: config).tag(&batch.events)
        return batch
    }

    /// Each line of `piece` that is not blank as a record of `format`; a line that is not JSON is
    /// quarantined with its line number.
    func normalise(_ piece: LinePiece, as format: LinesFormat) -> NormalisedBatch {
        let file = format.context.file
        var batch = NormalisedBatch(file: file, recognisedAs: format.recognisedAs)
        let reader = format.source.format.init(context: format.context)
        for (position, line) in piece.lines.enumerated() where !Self.isBlank(line) {
            let offset = piece.firstIndex + position, lineNumber = offset + 1
            guard let record = try? JSONValue.parse(line) else {
                let payload = String(decoding: line.prefix(40_000), as: UTF8.self).prefix(10_000)
                batch.rejections.append(Rejection(file: file, recordIndex: batch.recordsRead, recordPath: "line \(lineNumber)", recordID: nil,
                                                  field: Rejection.wholeRecord, reason: "not valid JSON", payload: String(payload)))
                batch.recordsRead += 1
                continue
            }
            reader.normalise(line: record, lineNumber: lineNumber, into: &batch)
        }
        return batch
    }

    /// A line of spaces, tabs and carriage returns holds no record.
    static func isBlank(_ line: Data) -> Bool {
        line.allSatisfy(isBlank(byte:))
    }

    /// JSON's whitespace: space, tab, carriage return, line feed.
    static func isBlank(byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
