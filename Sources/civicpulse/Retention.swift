import ArgumentParser
import CivicPulseCore
import CivicPulsePrivacy
import Foundation
import Postgres

extension CivicPulse {
    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Residents' data past the pipeline's retention period.",
            subcommands: [Apply.self]
        )

        struct Apply: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make unreadable the text and link of every resident's message older than retention.message_text.",
                discussion: """
                    Destroys the key of every resident's message sent longer ago than the pipeline's \
                    retention.message_text (its text and link in the log become unreadable for good), clears \
                    their links from the projections, and records the run in privacy.erasures. Every figure \
                    stays as it was. Safe to run from cron: it prints one line and exits 0, a second run finds \
                    nothing left, and two at once take turns. With no retention set, nothing expires. See \
                    docs/privacy.md.
                    """
            )

            @OptionGroup var db: DatabaseOptions
            @OptionGroup var pipeline: PipelineOptions

            func run() throws {
                let config = try pipeline.load()
                guard let period = config.retention.messageText else {
                    return try StandardOutput.line(RetentionLine.noneSet(pipeline.path))
                }
                let connection = try db.connectToSchema()
                let cutoff = period.cutoff(before: Date(), in: config.timeZone)
                let outcome = try connection.transaction {
                    try TextRetention.apply(before: cutoff, judge: config.isUrgent, on: connection)
                }
                try StandardOutput.line(RetentionLine.applied(outcome, period: period, cutoff: cutoff))
            }
        }
    }
}

/// What retention says to a person, in one line each.
enum RetentionLine {
    static func noneSet(_ pipeline: String) -> String {
        "retention: none set in \(pipeline): nothing expires"
    }

    static func applied(_ outcome: ErasureOutcome, period: RetentionPeriod, cutoff: Date) -> String {
        let head = "retention (message_text \(period)): "
        guard outcome.messages > 0 else {
            return head + "nothing sent before \(cutoff.formatted(.iso8601)) is still readable; nothing to do"
        }
        return head + "made \(IngestSummary.counted(outcome.messages, "message")) sent before \(cutoff.formatted(.iso8601)) unreadable; "
            + "\(IngestSummary.counted(outcome.projectionRows, "projection row")) updated"
    }

    /// The `db status` line: what is past retention and still readable, and since when.
    static func status(_ config: PipelineConfig, pipeline: String, on connection: Connection) throws -> String {
        guard let period = config.retention.messageText else { return noneSet(pipeline) }
        let due = try TextRetention.due(before: period.cutoff(before: Date(), in: config.timeZone), on: connection)
        guard let oldest = due.oldestSent else {
            return "retention (message_text \(period)): nothing due"
        }
        return "retention (message_text \(period)): the text of \(IngestSummary.counted(due.messages, "message")) is past retention and still readable, "
            + "the oldest due since \(period.due(for: oldest, in: config.timeZone).formatted(.iso8601)); run civicpulse retention apply"
    }
}
