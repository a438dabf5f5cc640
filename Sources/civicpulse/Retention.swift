import ArgumentParser
import CivicPulseCore
import CivicPulseFetch
import CivicPulsePrivacy
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres

extension CivicPulse {
    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retention",
            abstract: "Residents' data past the pipeline's retention periods.",
            subcommands: [Apply.self]
        )

        struct Apply: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "apply",
                abstract: "Make old residents' messages unreadable (retention.message_text) and drop whole old months of the log (retention.events).",
                discussion: """
                    retention.message_text: destroys the key of every resident's message sent longer ago (its \
                    text and link in the log become unreadable for good) and blanks their words in the \
                    fetch/serve archive files that hold them (ids and times kept); every figure stays as it was. retention.events: drops every month of the log \
                    recorded (UTC) wholly before the period, with its message keys, its quarantined records and \
                    ingest runs, and the pseudonyms of residents with no event left, then rebuilds the \
                    projections from what the log still holds; a file of a dropped month is refused by ingest \
                    after that. Each run is recorded in privacy.erasures. Safe to run from cron: it prints one \
                    line and exits 0, a second run finds nothing left, and two at once take turns. With no \
                    retention set, nothing expires. Dropping months needs the role that migrates the database. \
                    See docs/privacy.md.
                    """
            )

            @OptionGroup var archive: ArchiveOptions
            @OptionGroup var db: DatabaseOptions
            @OptionGroup var pipeline: PipelineOptions

            func run() throws {
                let config = try pipeline.load()
                guard config.retention.isSet else { return try StandardOutput.line(RetentionLine.noneSet(pipeline.path)) }
                let connection = try db.connectToSchema()
                let now = Date()
                var parts: [String] = []
                if let period = config.retention.messageText {
                    let cutoff = period.cutoff(before: now, in: config.timeZone)
                    let archived = archiveRedaction(config)
                    let outcome = try connection.transaction {
                        try TextRetention.apply(before: cutoff, judge: config.isUrgent, archive: { try archived?.redact(messages: $0) ?? 0 }, on: connection)
                    }
                    parts.append(RetentionLine.applied(outcome, period: period, cutoff: cutoff))
                }
                if let period = config.retention.events {
                    parts.append(try dropMonths(period, config: config, now: now, on: connection))
                }
                try StandardOutput.line(parts.joined(separator: "; "))
            }

            /// What takes the records of messages made unreadable out of the archive folder; nil
            /// when there is no such folder. Records are found by their event ids, which derive
            /// from platform ids alone (`EventID`): no keyed hash is compared, so a throwaway key
            /// reads the files as well as the actor key would, and cron needs no copy of it.
            private func archiveRedaction(_ config: PipelineConfig) -> ArchiveErasure? {
                guard archive.existingRoot(config, home: db.homeURL) != nil else { return nil }
                return archive.erasure(config, home: db.homeURL, key: MessageCipher.newKey())
            }

            /// Drops the months due in the transaction that empties the projections, then replays
            /// the log that is left: the projections are what `process --rebuild` gives on it.
            /// With none due (every day but one a month, from cron) it records the run and leaves
            /// the processor alone: the checkpoint's claim would make a batch in progress wait
            /// for it, and it for the batch, for nothing. None can fall due meanwhile: what is
            /// recorded now is recorded after the cutoff, and a second run only takes months away.
            private func dropMonths(_ period: RetentionPeriod, config: PipelineConfig, now: Date, on connection: Connection) throws -> String {
                let cutoff = LogRetention.monthStart(of: period.cutoff(before: now, in: config.timeZone))
                if try LogRetention.due(before: cutoff, on: connection).months.isEmpty {
                    try ErasureRegister.recordEventsDropped(events: 0, keysDestroyed: 0, residents: 0, quarantined: 0, on: connection)
                    return RetentionLine.dropped(LogRetention.Dropped(), period: period, cutoff: cutoff, replayed: nil)
                }
                let processor = Processor(connection: connection, councils: Councils([config]), reader: try db.target.connect())
                var dropped = LogRetention.Dropped()
                do {
                    let replayed = try processor.rebuild(after: {
                        dropped = try LogRetention.drop(before: cutoff, on: connection)
                        try ErasureRegister.recordEventsDropped(events: dropped.events, keysDestroyed: dropped.keysDestroyed,
                                                                residents: dropped.residents, quarantined: dropped.quarantined, on: connection)
                        return !dropped.months.isEmpty
                    })
                    return RetentionLine.dropped(dropped, period: period, cutoff: cutoff, replayed: replayed)
                } catch let unknown as UnknownCouncil {
                    throw ValidationError("retention.events: the log holds events of council '\(unknown.org)', which \(pipeline.path) does not name: "
                        + "whole months are dropped only from a log of the pipeline's council alone; nothing was dropped")
                }
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
        return head + "made \(IngestSummary.counted(outcome.messages, "message")) sent before \(cutoff.formatted(.iso8601)) unreadable"
            + (outcome.archiveFiles > 0 ? "; \(IngestSummary.counted(outcome.archiveFiles, "archive file")) rewritten" : "")
    }

    /// What a run of `retention.events` did: the months dropped, what went with them, and the
    /// rebuild of the projections from what is left.
    static func dropped(_ dropped: LogRetention.Dropped, period: RetentionPeriod, cutoff: Date, replayed: Int?) -> String {
        let head = "retention (events \(period)): "
        guard let replayed, !dropped.months.isEmpty else {
            return head + "no month recorded before \(cutoff.formatted(.iso8601)) is left; nothing to drop"
        }
        return head + "dropped \(IngestSummary.counted(dropped.months.count, "month")) recorded before \(cutoff.formatted(.iso8601)) "
            + "(\(dropped.months.map(month).joined(separator: ", "))): \(IngestSummary.counted(dropped.events, "event")), "
            + "\(IngestSummary.counted(dropped.residents, "resident")) with no event left unlinked, "
            + "\(IngestSummary.counted(dropped.quarantined, "quarantined record")), \(IngestSummary.counted(dropped.ingestRuns, "ingest run")); "
            + "projections rebuilt from the \(IngestSummary.counted(replayed, "event")) left"
    }

    /// The `db status` lines: for each period set, what is due and since when.
    static func status(_ config: PipelineConfig, pipeline: String, on connection: Connection) throws -> [String] {
        guard config.retention.isSet else { return [noneSet(pipeline)] }
        var lines: [String] = []
        if let period = config.retention.messageText {
            lines.append(try textStatus(period, zone: config.timeZone, on: connection))
        }
        if let period = config.retention.events {
            let cutoff = LogRetention.monthStart(of: period.cutoff(before: Date(), in: config.timeZone))
            let due = try LogRetention.due(before: cutoff, on: connection)
            lines.append(due.months.isEmpty ? "retention (events \(period)): nothing due"
                : "retention (events \(period)): \(IngestSummary.counted(due.months.count, "month")) recorded before \(cutoff.formatted(.iso8601)) "
                    + "\(due.months.count == 1 ? "is" : "are") due to be dropped (\(IngestSummary.counted(due.events, "event")), the oldest month "
                    + "\(month(due.months[0]))); run civicpulse retention apply")
        }
        return lines
    }

    private static func textStatus(_ period: RetentionPeriod, zone: TimeZone, on connection: Connection) throws -> String {
        let due = try TextRetention.due(before: period.cutoff(before: Date(), in: zone), on: connection)
        guard let oldest = due.oldestSent else {
            return "retention (message_text \(period)): nothing due"
        }
        return "retention (message_text \(period)): the text of \(IngestSummary.counted(due.messages, "message")) is past retention and still readable, "
            + "the oldest due since \(period.due(for: oldest, in: zone).formatted(.iso8601)); run civicpulse retention apply"
    }

    /// A recorded month as `2026-11` (UTC, as months are dropped).
    private static func month(_ start: Date) -> String {
        start.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month())
    }
}
