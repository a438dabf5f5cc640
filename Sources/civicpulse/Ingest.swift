import ArgumentParser
import CivicPulseIngest
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append platform payload files to the event log.",
            discussion: """
                Each file is recognised (or read as the named source), normalised and appended in its own \
                transaction. Records that cannot be read are quarantined with file, record, field and reason; \
                the rest still land. Re-ingesting a file appends nothing.

                Exit status: 0 when every record was accepted; 3 when some records were quarantined, a file \
                could not be read or a file was a platform error response (look at the lines above); \
                64 for a bad argument, such as an unknown source; 1 on any other error.
                """
        )

        /// The exit status when a person should look at what was printed: a file not read, records
        /// quarantined or a platform error response.
        static let attentionStatus: Int32 = 3

        @Argument(help: ArgumentHelp("The payload family, or a file (then each file's kind is detected): \(IngestSource.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "source-or-file"))
        var first: String

        @Argument(help: ArgumentHelp("Payload files.", valueName: "file"))
        var files: [String] = []

        @Option(help: ArgumentHelp("Read CSV or JSON Lines exports through this column mapping from the pipeline's `channels:`.", valueName: "id"))
        var mapping: String?

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
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

        func run() throws {
            let source = IngestSource(rawValue: first)
            let paths = source == nil ? [first] + files : files
            let config = try pipeline.load()
            // The key comes after the connection: it is the database's to choose, and a database
            // that cannot be reached must not leave a new key file behind.
            let connection = try db.connectMigrated(creating: true)
            let key = try ActorKey.forDatabase(on: connection, environment: ProcessInfo.processInfo.environment, home: db.homeURL)
            let ingestor = Ingestor(reader: PayloadReader(config: config, hasher: .init(secret: key)), connection: connection)
            var attention = false
            try ingestor.ingest(files: paths, as: source, mapping: mapping) { report in
                print(IngestSummary.line(report))
                for line in IngestSummary.problems(report) { printError(line) }
                attention = attention || report.needsAttention
            }
            if attention { throw ExitCode(Self.attentionStatus) }
        }
    }
}

/// How ingest reports a file to a person.
enum IngestSummary {
    static func line(_ report: FileReport) -> String {
        if let failure = report.failure { return "\(report.file): not ingested: \(failure)" }
        return "\(report.file): \(report.recognisedAs): read \(report.read), appended \(report.appended), duplicate \(report.duplicates), quarantined \(report.quarantined.count)"
            + (report.platformErrors.isEmpty ? "" : ", platform errors \(report.platformErrors.count)")
    }

    /// One line per quarantined record (the first 20) and per platform error.
    static func problems(_ report: FileReport) -> [String] {
        var lines = report.quarantined.prefix(20).map { "quarantined: \($0)" }
        if report.quarantined.count > 20 { lines.append("quarantined: … and \(report.quarantined.count - 20) more in \(report.file)") }
        lines += report.platformErrors.map { "\($0)" }
        return lines
    }
}
