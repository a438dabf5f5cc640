import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import CivicPulseSimulator
import Foundation

extension CivicPulse {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Write realistic platform payload files for a fictional council.",
            discussion: """
                Writes what the platforms' APIs would return for the pipeline's accounts: Twitter API v2 \
                search pages, Facebook Graph pages (posts, comments, Page Insights) and a Page webhook log, \
                YouTube commentThreads.list and videos.list pages, and a listening export, with daily and \
                weekly rhythms, office-hours answers, a flood on the first whole weekend, and a few \
                duplicate deliveries and malformed records (counted in the summary). The same arguments \
                (--start included: its default moves with the date) always write the same bytes. Ingest \
                the result with: civicpulse ingest DIR (every payload file below it, in path order).

                The summary is printed and also written to DIR/summary.txt. See docs/simulator.md.
                """
        )

        @Option(help: "The org to simulate (default: the pipeline's org, the only one it can be).")
        var org: String?

        @Option(help: "How many local days to simulate.")
        var days: Int

        @Option(help: "Seed for the random generator: the same seed writes the same files.")
        var seed: UInt64

        @Option(help: ArgumentHelp("Folder to write into (created if missing).", valueName: "dir"))
        var out: String

        @Option(help: ArgumentHelp("The first local day, YYYY-MM-DD (default: --days before today, so the period ends yesterday).", valueName: "date"))
        var start: String?

        @Option(help: "Volume multiplier: 1.0 is a mid-sized council, a few hundred questions a day.")
        var scale: Double = 1.0

        @Flag(help: "Replace an earlier run's files in the folder (its platform folders and summary.txt).")
        var replace = false

        @OptionGroup var pipeline: PipelineOptions

        static let writtenNames = ["twitter", "facebook", "youtube", "listening", "summary.txt"]

        /// Ten years of traffic at most, as long as any period an argument may give: `make bench`'s
        /// 10M size needs 1,403 days at its scale, and every rhythm the simulator draws (days,
        /// weeks, the flood weekend) shows in far less.
        static let mostDays = 3653
        /// A hundred mid-sized councils' traffic at most, some 30,000 questions a day.
        static let largestScale = 100.0

        func validate() throws {
            try ArgumentCheck.count(days, "--days", in: 1...Self.mostDays)
            guard scale > 0, scale <= Self.largestScale else {
                throw ValidationError("--scale must be above 0 and at most \(Int(Self.largestScale)) (got \(scale))")
            }
            if let start {
                guard let first = CivilDate(start) else { throw ValidationError("--start \(ArgumentCheck.shown(start)) is not a date like 2026-11-16") }
                try ArgumentCheck.day(first, "--start")
                guard ReportTime.years.contains(first.adding(days: days - 1).year) else {
                    throw ValidationError("--start \(first) with --days \(days) runs past the year \(ReportTime.years.upperBound)")
                }
            }
            try ArgumentCheck.outputFolder(out, "--out")
        }

        /// `--start`, else the day that makes the period end yesterday on the org's clock: a
        /// simulation that ran into today or later would hold messages from the future.
        private func firstDay(in zone: TimeZone) -> CivilDate {
            if let start, let first = CivilDate(start) { return first }
            return BusinessCalendar.alwaysOpen(in: zone).localDate(of: Date()).adding(days: -days)
        }

        func run() throws {
            let config = try pipeline.load()
            if let org, org != config.org {
                throw SimulateProblem("\(pipeline.path) is the pipeline of '\(config.org)', not '\(org)'; name its pipeline with --pipeline")
            }
            let folder = URL(fileURLWithPath: out)
            let earlier = Self.writtenNames.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
            if !earlier.isEmpty {
                guard replace else {
                    throw SimulateProblem("\(out) already holds a simulation (\(earlier.joined(separator: ", "))); pass --replace to write it again")
                }
                for name in earlier { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
            }
            let options = SimulationOptions(org: config.org, start: firstDay(in: config.timeZone), days: days, seed: seed, scale: scale, output: folder)
            let started = Date()
            let summary = try Simulator(config: config, options: options).run()
            let seconds = Date().timeIntervalSince(started)
            try StandardOutput.line(summary.text(timeZone: config.timeZone))
            let records = summary.recordCount + summary.duplicateCount + summary.malformedCount
            try StandardOutput.line(String(format: "Wrote %d records into %@ in %.1f s (%.0f records/s).", records, out, seconds, Double(records) / max(seconds, 0.001)))
        }
    }
}

/// Why `simulate` cannot start, in words a person can act on.
struct SimulateProblem: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
