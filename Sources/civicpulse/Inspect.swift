import ArgumentParser
import CivicPulseCore
import CivicPulseIngest
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read and normalise payload files without a database, and say what each holds.",
            discussion: """
                For each file: what it was recognised as, records read, events by kind, records that \
                would be quarantined and platform errors; then one line per quarantined record and per \
                platform error. Nothing is written anywhere, and people are hashed with a throwaway key.

                Exit status: 3 when a file could not be read or recognised, or with --strict when a record \
                would be quarantined, as ingest exits for the same; else 0. A platform error response is \
                recognised as such and is not a failure.
                """
        )

        @Flag(help: "Exit 3 if any record would be quarantined, as ingest does.")
        var strict = false

        @Argument(help: ArgumentHelp("Payload files, or folders: every .json, .jsonl, .ndjson and .csv file below a folder, in path order.", valueName: "file"))
        var files: [String]

        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
            for file in files { try ArgumentCheck.path(file, "<file>") }
        }

        func run() throws {
            let reader = PayloadReader(config: try pipeline.load(), hasher: ActorHasher(secret: ActorHasher.generateSecret()))
            // Read as ingest reads, a piece at a time: a long JSON Lines file is counted, not held.
            let (paths, folders) = PayloadFiles.expand(files)
            for note in folders.compactMap(\.note) { print(TerminalText.safe(note)) }
            let pieces = PayloadPipeline(files: paths, reader: reader) { batch in EventCounts(batch.events) }
            var unread = false, quarantined = false
            while let path = pieces.nextFile() {
                do {
                    var file = InspectedFile(file: path)
                    while let piece = try pieces.nextPiece() { file.add(piece.batch, piece.prepared) }
                    InspectReport.lines(file).forEach { print(TerminalText.safe($0)) }
                    quarantined = quarantined || !file.batch.rejections.isEmpty
                } catch let error as IngestError {
                    print(TerminalText.safe("\(path): not read: \(error.reason)"))
                    unread = true
                }
            }
            if unread || (strict && quarantined) { throw ExitCode(Ingest.attentionStatus) }
        }
    }
}

/// Events by kind, counted where a piece was normalised.
struct EventCounts: Sendable {
    private(set) var byKind: [EventKind: Int] = [:]

    init(_ events: [EngagementEvent] = []) {
        for event in events { byKind[event.kind, default: 0] += 1 }
    }

    mutating func add(_ other: EventCounts) {
        byKind.merge(other.byKind, uniquingKeysWith: +)
    }
}

/// A file's pieces as inspect adds them up: records, rejections and platform errors, and events by kind.
struct InspectedFile {
    private(set) var batch: NormalisedBatch
    private(set) var events = EventCounts()

    init(file: String) {
        batch = NormalisedBatch(file: file, recognisedAs: "")
    }

    mutating func add(_ piece: NormalisedBatch, _ counts: EventCounts) {
        batch.recognisedAs = piece.recognisedAs
        batch.absorb(piece)
        events.add(counts)
    }
}

/// How inspect describes a normalised file to a person.
enum InspectReport {
    static func lines(_ file: InspectedFile) -> [String] {
        let batch = file.batch
        let summary = "\(batch.file): \(batch.recognisedAs): read \(batch.recordsRead); \(kinds(file.events)); "
            + "quarantined \(batch.rejections.count); platform errors \(batch.platformErrors.count)"
        return [summary] + batch.rejections.map { "  \($0)" } + batch.platformErrors.map { "  \($0)" }
    }

    /// `comment 12, reply 3, metric_snapshot 4`, in the order kinds are declared; `no events`.
    static func kinds(_ counts: EventCounts) -> String {
        let parts = EventKind.allCases.compactMap { kind in counts.byKind[kind].map { "\(kind.rawValue) \($0)" } }
        return parts.isEmpty ? "no events" : parts.joined(separator: ", ")
    }
}
