import ArgumentParser
import CivicPulseProcessor
import Foundation

extension CivicPulse {
    struct Process: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the projections up to date with the event log.",
            discussion: """
                Reads the log from the checkpoint, in commit order, and never skips an event: events of a \
                transaction still running are waited for. Each batch and its checkpoint commit together, so \
                the processor can be stopped at any point and resumes where it was.
                """
        )

        @Flag(help: "Keep running, waking on LISTEN/NOTIFY when new events are committed.")
        var follow = false

        @Flag(help: "Empty the projections and replay the whole log.")
        var rebuild = false

        @Option(help: "Events per transaction.")
        var batchSize = Processor.defaultBatchSize

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            let config = try pipeline.load()
            let processor = Processor(connection: try db.connectMigrated(), config: config, batchSize: batchSize,
                                      reader: try db.target.connect())
            let started = Date()
            let count = rebuild ? try processor.rebuild() : try processor.catchUp()
            let seconds = Date().timeIntervalSince(started)
            print("processed \(count) events in \(String(format: "%.2f", seconds)) s\(rebuild ? " (rebuilt from the start of the log)" : "")")
            if follow {
                printError("following the log; stop with Ctrl-C")
                try processor.follow(onBatch: { print("processed \($0) events") })
            }
        }
    }
}
