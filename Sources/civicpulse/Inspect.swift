import ArgumentParser
import CivicPulseCore
import CivicPulseIngest
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

        @Argument(help: ArgumentHelp("Payload files.", valueName: "file"))
        var files: [String]

        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let reader = PayloadReader(config: try pipeline.load(), hasher: ActorHasher(secret: ActorHasher.generateSecret()))
            var unread = false, quarantined = false
            for path in files {
                do {
                    let batch = try reader.read(file: path)
                    InspectReport.lines(batch).forEach { print($0) }
                    quarantined = quarantined || !batch.rejections.isEmpty
                } catch let error as IngestError {
                    print("\(path): not read: \(error.reason)")
                    unread = true
                }
            }
            if unread || (strict && quarantined) { throw ExitCode(Ingest.attentionStatus) }
        }
    }
}

/// How inspect describes a normalised file to a person.
enum InspectReport {
    static func lines(_ batch: NormalisedBatch) -> [String] {
        let summary = "\(batch.file): \(batch.recognisedAs): read \(batch.recordsRead); \(kinds(batch.events)); "
            + "quarantined \(batch.rejections.count); platform errors \(batch.platformErrors.count)"
        return [summary] + batch.rejections.map { "  \($0)" } + batch.platformErrors.map { "  \($0)" }
    }

    /// `comment 12, reply 3, metric_snapshot 4`, in the order kinds are declared; `no events`.
    static func kinds(_ events: [EngagementEvent]) -> String {
        let counts = Dictionary(grouping: events, by: \.kind).mapValues(\.count)
        let parts = EventKind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue) \($0)" } }
        return parts.isEmpty ? "no events" : parts.joined(separator: ", ")
    }
}
