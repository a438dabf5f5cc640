import ArgumentParser
import CivicPulseCore
import CivicPulseIngest
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Read and normalise payload files without a database, and say what each holds.",
            discussion: """
                For each file: what it was recognised as, records read, events by kind, records that \
                would be quarantined and platform errors (if any), in the words of ingest's line; then one line per quarantined record and per \
                platform error. With --mapping, files are read as ingest --mapping reads them, and each \
                row's event gets a line: its kind, account, service and conversation. Nothing is written \
                anywhere, and people are hashed with a throwaway key.

                Exit status: 3 when a file could not be read or recognised, or with --strict when a record \
                would be quarantined, as ingest exits for the same; else 0. A platform error response is \
                recognised as such and is not a failure.
                """
        )

        @Flag(help: "Exit 3 if any record would be quarantined, as ingest does.")
        var strict = false

        @Argument(help: ArgumentHelp("Payload files, or folders: every .json, .jsonl, .ndjson and .csv file below a folder, in path order.", valueName: "file"))
        var files: [String]

        @Option(help: ArgumentHelp("Read CSV or JSON Lines exports through this column mapping from the pipeline's `channels:`, and show what each row would become.", valueName: "id"))
        var mapping: String?

        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
            for file in files { try ArgumentCheck.path(file, "<file>") }
        }

        func run() throws {
            let config = try pipeline.load()
            try Ingest.check(mapping: mapping, in: config)
            let reader = PayloadReader(config: config, hasher: ActorHasher(secret: ActorHasher.generateSecret()))
            // Read as ingest reads, a piece at a time: a long JSON Lines file is counted, not held.
            let (paths, folders) = PayloadFiles.expand(files)
            for note in folders.compactMap(\.note) { try StandardOutput.line(TerminalText.safe(note)) }
            let listing = mapping != nil
            let pieces = PayloadPipeline(files: paths, reader: reader, mapping: mapping) { batch in EventCounts(batch.events, listing: listing) }
            var unread = false, quarantined = false
            while let path = pieces.nextFile() {
                do {
                    var file = InspectedFile(file: path)
                    while let piece = try pieces.nextPiece() { file.add(piece.batch, piece.prepared) }
                    try InspectReport.lines(file).forEach { try StandardOutput.line(TerminalText.safe($0)) }
                    quarantined = quarantined || !file.batch.rejections.isEmpty
                } catch let error as IngestError {
                    try StandardOutput.line(TerminalText.safe("\(path): not read: \(error.reason)"))
                    unread = true
                }
            }
            if unread || (strict && quarantined) { throw ExitCode(Ingest.attentionStatus) }
        }
    }
}

/// Events by kind, counted where a piece was normalised, and each event's line when listed.
struct EventCounts: Sendable {
    private(set) var byKind: [EventKind: Int] = [:]
    private(set) var lines: [String] = []

    /// - Parameter listing: describe each event too (a mapped export's rows, which a person is
    ///   checking the mapping of before anything lands).
    init(_ events: [EngagementEvent] = [], listing: Bool = false) {
        for event in events { byKind[event.kind, default: 0] += 1 }
        if listing { lines = events.map(Self.line) }
    }

    mutating func add(_ other: EventCounts) {
        byKind.merge(other.byKind, uniquingKeysWith: +)
        lines += other.lines
    }

    /// `m5 (tweet 1990…301): inbound_message, account libraries_twitter, service libraries, conversation twitter:1990…301`:
    /// the row by the export's id, and the platform's when the event took it. No text, author or link.
    static func line(_ event: EngagementEvent) -> String {
        let row = event.details["export_id"]?.stringValue.map { "\($0) (\(event.sourceType) \(event.sourceID))" } ?? event.sourceID
        let conversation = ConversationMessage.key(platform: event.platform, conversationID: event.conversationID, sourceID: event.sourceID)
        return "\(row): \(event.kind.rawValue), account \(event.account), service \(event.service), conversation \(conversation)"
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
    /// `5 records read → 6 events (comment 3, reply 1, post 1, edit 1), 0 records quarantined`, in
    /// the words of ingest's line for the same file (`IngestSummary`), the events by kind where
    /// ingest says which were appended; platform errors, as there, only when there are any.
    static func lines(_ file: InspectedFile) -> [String] {
        let batch = file.batch
        let events = file.events.byKind.values.reduce(0, +)
        let summary = "\(batch.file): \(batch.recognisedAs): \(IngestSummary.counted(batch.recordsRead, "record")) read → "
            + IngestSummary.counted(events, "event") + (events > 0 ? " (\(kinds(file.events)))" : "")
            + ", \(IngestSummary.counted(batch.rejections.count, "record")) quarantined"
            + (batch.platformErrors.isEmpty ? "" : ", \(IngestSummary.counted(batch.platformErrors.count, "platform error"))")
        return [summary] + file.events.lines.map { "  \($0)" } + batch.rejections.map { "  \($0)" } + batch.platformErrors.map { "  \($0)" }
    }

    /// `comment 12, reply 3, metric_snapshot 4`, in the order kinds are declared.
    static func kinds(_ counts: EventCounts) -> String {
        EventKind.allCases.compactMap { kind in counts.byKind[kind].map { "\(kind.rawValue) \($0)" } }.joined(separator: ", ")
    }
}
