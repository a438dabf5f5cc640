import ArgumentParser
import CivicPulseCore
import CivicPulseIngest
import CivicPulsePrivacy
import CivicPulseReports
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Append platform payload files to the event log.",
            discussion: """
                Each file is recognised (or read as the named source), normalised and appended in its own \
                transaction. Records that cannot be read are quarantined with file, record, field and reason; \
                the rest still land. Re-ingesting a file appends nothing. Each file gets one line, and \
                several files a total line after them. If the database fails or goes away during a file, \
                ingest stops there and says so: the files before it are in the log, that file is not.

                Exit status: 0 when every record was accepted; 3 when some records were quarantined, a file \
                could not be read or a file was a platform error response (look at the lines above); \
                64 for a bad argument, such as an unknown source; 1 on any other error, a lost database included.
                """
        )

        /// The exit status when a person should look at what was printed: a file not read, records
        /// quarantined or a platform error response.
        static let attentionStatus: Int32 = 3

        @Argument(help: ArgumentHelp("The payload family, or a file or folder (then each file's kind is detected): \(IngestSource.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "source-or-file"))
        var first: String

        @Argument(help: ArgumentHelp("Payload files, or folders: every .json, .jsonl, .ndjson and .csv file below a folder, in path order.", valueName: "file"))
        var files: [String] = []

        @Option(help: ArgumentHelp("Read CSV or JSON Lines exports through this column mapping from the pipeline's `channels:`.", valueName: "id"))
        var mapping: String?

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
            try ArgumentCheck.path(first, "<source-or-file>")
            for file in files { try ArgumentCheck.path(file, "<file>") }
            if IngestSource(rawValue: first) == nil, !FileManager.default.fileExists(atPath: first),
               first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                // `ingest tiktok FILE` names a source, not a missing file called tiktok.
                let sources = IngestSource.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown source '\(first)' (sources: \(sources); other channels through --mapping)")
            }
            if mapping != nil, IngestSource(rawValue: first) != nil {
                throw ValidationError("--mapping reads its own format; name files only")
            }
            if IngestSource(rawValue: first) != nil, files.isEmpty {
                throw ValidationError("name at least one file to ingest as \(first)")
            }
        }

        /// A `--mapping` the pipeline does not have is a bad argument (64), said once rather than
        /// as a file not read for every file named.
        static func check(mapping: String?, in config: PipelineConfig) throws {
            guard let mapping, !config.channels.contains(where: { $0.id == mapping }) else { return }
            let known = config.channels.map(\.id)
            throw ValidationError("--mapping: no channel mapping '\(mapping)' in \(config.file) (mappings: \(known.isEmpty ? "none; add one under channels:" : known.joined(separator: ", ")))")
        }

        func run() throws {
            let source = IngestSource(rawValue: first)
            let (paths, folders) = PayloadFiles.expand(source == nil ? [first] + files : files)
            for note in folders.compactMap(\.note) { try IngestSummary.writeLine(note) }
            if paths.isEmpty { return }
            let config = try pipeline.load()
            try Self.check(mapping: mapping, in: config)
            // The key comes after the connection: it is the database's to choose, and a database
            // that cannot be reached must not leave a new key file behind.
            let connection = try db.connectMigrating()
            let key = try ActorKey.forDatabase(on: connection, environment: ProcessInfo.processInfo.environment, home: db.homeURL)
            let ingestor = Ingestor(reader: PayloadReader(config: config, hasher: .init(secret: key)), connection: connection,
                                    erased: try ErasedMessages.honoured(ErasureRegister(home: db.homeURL), on: connection))
            var attention = false
            var total = IngestTotal()
            // Several files end with their sum; a single file's line is its own total.
            func writeTotal() throws { if paths.count > 1 { try IngestSummary.writeLine(total.line) } }
            do {
                try ingestor.ingest(files: paths, as: source, mapping: mapping) { report in
                    try IngestSummary.write(report)
                    total.add(report)
                    attention = attention || report.needsAttention
                }
            } catch let interrupted as IngestInterrupted {
                try writeTotal()
                printError(TerminalText.safe("Error: \(interrupted)"))
                throw ExitCode.failure
            }
            try writeTotal()
            if attention { throw ExitCode(Self.attentionStatus) }
        }
    }
}

/// How ingest reports a file to a person.
enum IngestSummary {
    /// A file's line on standard output and its problems on standard error, each line written
    /// whole and in order: standard output was buffered, so with both streams on one terminal or
    /// log a file's line came out later than its problems, or broken by them mid-line.
    static func write(_ report: FileReport) throws {
        try writeLine(line(report))
        for problem in problems(report) { printError(TerminalText.safe(problem)) }
    }

    /// One line on standard output, at once, in one write. File names and what the records
    /// held are shown as ``TerminalText`` shows a payload's text: a terminal obeys none of it.
    static func writeLine(_ line: String) throws {
        try StandardOutput.line(TerminalText.safe(line))
    }

    static func line(_ report: FileReport) -> String {
        if let failure = report.failure { return "\(report.file): not ingested: \(failure)" }
        return "\(report.file): \(report.recognisedAs): "
            + counts(read: report.read, appended: report.appended, duplicates: report.duplicates, corrected: report.corrected,
                     quarantined: report.quarantinedCount)
            + (report.platformErrors.isEmpty ? "" : ", \(counted(report.platformErrors.count, "platform error"))")
    }

    /// `3 records read → 4 events appended, 11 already in the log, 0 records quarantined`: read
    /// and quarantined count records, appended and already in the log count events, and a record
    /// may give several events; without the units, "read 3, appended 4" read as a miscount.
    /// Events already in the log that this reading told more about follow them when there are
    /// any (`…, 11 already in the log, 2 corrected, …`: docs/event-model.md, "Corrections").
    static func counts(read: Int, appended: Int, duplicates: Int, corrected: Int, quarantined: Int) -> String {
        "\(counted(read, "record")) read → \(counted(appended, "event")) appended, \(duplicates) already in the log, "
            + (corrected > 0 ? "\(corrected) corrected, " : "") + "\(counted(quarantined, "record")) quarantined"
    }

    /// `1 record`, `2 records`.
    static func counted(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }

    /// One line per quarantined record (the first ``FileReport/listedLimit``) and per platform error.
    static func problems(_ report: FileReport) -> [String] {
        var lines = report.quarantined.map { "quarantined: \($0)" }
        let unlisted = report.quarantinedCount - report.quarantined.count
        if unlisted > 0 { lines.append("quarantined: … and \(unlisted) more in \(report.file)") }
        lines += report.platformErrors.map { "\($0)" }
        return lines
    }
}

/// What a run of ingest did over all its files, for its last line.
struct IngestTotal {
    private var files = 0, notIngested = 0, read = 0, appended = 0, duplicates = 0, corrected = 0, quarantined = 0, platformErrors = 0

    mutating func add(_ report: FileReport) {
        files += 1
        if report.failure != nil { notIngested += 1 }
        read += report.read
        appended += report.appended
        duplicates += report.duplicates
        corrected += report.corrected
        quarantined += report.quarantinedCount
        platformErrors += report.platformErrors.count
    }

    /// `total: 3 files, 12 records read → 10 events appended, 1 already in the log, 1 record
    /// quarantined, 0 platform errors`, in the words of each file's line.
    var line: String {
        "total: \(IngestSummary.counted(files, "file"))" + (notIngested > 0 ? " (\(notIngested) not ingested)" : "")
            + ", " + IngestSummary.counts(read: read, appended: appended, duplicates: duplicates, corrected: corrected, quarantined: quarantined)
            + ", \(IngestSummary.counted(platformErrors, "platform error"))"
    }
}
