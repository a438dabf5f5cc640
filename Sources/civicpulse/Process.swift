import ArgumentParser
import CivicPulseProcessor
import CivicPulseReadModel
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct Process: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "process",
            abstract: "Bring the projections up to date with the event log.",
            discussion: """
                Reads the log from the checkpoint, in commit order, and never skips an event: events of a \
                transaction still running are waited for. Each batch and its checkpoint commit together, so \
                the processor can be stopped at any point and resumes where it was. Projections kept by an \
                earlier version of civicpulse are rebuilt from the log first, and said so.

                A database holding several councils is processed with each council's pipeline, --pipeline FILE \
                once per council: each council's events are judged by its own calendars, targets, time zone and \
                services, and its spikes found in its own messages. An event of a council no pipeline names stops \
                the run before its batch (exit 64), naming the council; run again with its pipeline added.
                """
        )

        @Flag(help: "Keep running, waking on LISTEN/NOTIFY when new events are committed; reconnect when the server restarts; stop on SIGINT or SIGTERM.")
        var follow = false

        @Flag(help: "Empty the projections and replay the whole log.")
        var rebuild = false

        @Option(help: "Events per transaction.")
        var batchSize = Processor.defaultBatchSize

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipelines: PipelineListOptions

        func validate() throws {
            try ArgumentCheck.count(batchSize, "--batch-size", in: 1...ArgumentCheck.mostRows)
        }

        func run() throws {
            do {
                try process(Councils(try pipelines.load()))
            } catch let unknown as UnknownCouncil {
                throw ValidationError(unknown.description)
            }
        }

        private func process(_ councils: Councils) throws {
            let processor = Processor(connection: try db.connectToSchema(), councils: councils, batchSize: batchSize,
                                      reader: try db.target.connect())
            let rebuild = self.rebuild
            let catchUp = {
                let started = Date()
                var rebuilt = rebuild
                if !rebuild, let found = try processor.resetIfOutdated() {
                    printError("the projections were kept by an earlier CivicPulse (projections version \(found), now \(Checkpoint.projectionsVersion)): rebuilding them from the log")
                    rebuilt = true
                } else if !rebuild, let changed = try processor.resetIfQuietPeriodChanged() {
                    printError("sla.resolution_quiet_period of \(changed.org) changed from \(ResolutionFigures.quietPeriod(changed.kept)) to "
                        + "\(ResolutionFigures.quietPeriod(changed.now)) since the items' resolutions were kept: rebuilding the projections from the log")
                    rebuilt = true
                }
                let count = rebuild ? try processor.rebuild() : try processor.catchUp()
                let seconds = Date().timeIntervalSince(started)
                try StandardOutput.line("processed \(count) events in \(String(format: "%.2f", seconds)) s\(rebuilt ? " (rebuilt from the start of the log)" : "")")
            }
            guard follow else { return try catchUp() }
            let target = db.target
            let follower = Follower(councils: councils, batchSize: batchSize, connect: { try target.connect() })
            let announce = { if StopSignal.install() { printError("following the log; stop with Ctrl-C") } }
            // A batch is committed before it is said: output that cannot be written stops the
            // follower there (nobody reads it any more), and is said as every command says it.
            var lost: OutputFailure?
            try follower.run(on: processor.connection, first: catchUp, onFollowing: announce, wakeOn: StopSignal.readEnd,
                             shouldStop: { lost != nil || StopSignal.isRaised() },
                             onBatch: { count in
                                 do throws(OutputFailure) { try StandardOutput.line("processed \(count) events") } catch { lost = error }
                             },
                             say: { printError($0) })
            if let lost { throw lost }
            printError("stopped following the log")
        }
    }
}

/// SIGINT and SIGTERM ask a follower to stop: it ends the batch under way (which commits with its
/// checkpoint) and returns, rather than die mid-batch. The handler only raises a flag and writes
/// a byte to a pipe the follower's waits watch, both safe in a signal handler. Installed once
/// following starts: a catch-up is stopped by the signal's default, which loses nothing either.
private enum StopSignal {
    nonisolated(unsafe) static var raised: sig_atomic_t = 0
    nonisolated(unsafe) static var installed = false
    /// The pipe's read and write ends, made before any handler can run.
    static let ends: (read: Int32, write: Int32) = {
        var ends: [Int32] = [-1, -1]
        return pipe(&ends) == 0 ? (ends[0], ends[1]) : (-1, -1)
    }()

    static var readEnd: Int32? { ends.read >= 0 ? ends.read : nil }

    static func isRaised() -> Bool { raised != 0 }

    /// Returns whether it was installed now (not before).
    @discardableResult
    static func install() -> Bool {
        guard !installed else { return false }
        installed = true
        _ = ends
        for signal in [SIGINT, SIGTERM] {
            _ = Foundation.signal(signal) { _ in
                StopSignal.raised = 1
                var byte: UInt8 = 1
                _ = write(StopSignal.ends.write, &byte, 1)
            }
        }
        return true
    }
}
