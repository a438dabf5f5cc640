import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Keeps the engagements and account metrics of reach (docs/reach.md) through `ReachRows`.
///
/// Each event is counted once because the processor applies it once: a batch's projection rows
/// commit with its checkpoint. Every rule is independent of how the log is cut into batches.
struct ReachProjection: Projection {
    let rows: any ReachRows
    let config: PipelineConfig

    init(rows: any ReachRows, config: PipelineConfig) {
        self.rows = rows
        self.config = config
    }

    init(connection: Connection, config: PipelineConfig) {
        self.init(rows: PostgresReachRows(connection: connection), config: config)
    }

    func apply(_ events: [LoggedEvent]) throws {
        let calendar = BusinessCalendar.alwaysOpen(in: config.timeZone)
        var engagements: [EngagementRow] = []
        var readings: [MetricReadingRow] = []
        var moved: [EngagementRow] = []
        for event in events {
            if let correction = event.correction {
                guard correction.filled.contains(.account), EngagementRow.counted[correction.kind] != nil else { continue }
                // Counted under the account and service it had, it moves to those it now has.
                let day = calendar.localDate(of: event.occurredAt)
                moved.append(EngagementRow(org: event.org, service: correction.formerService, channel: event.channel,
                                           account: correction.formerAccount, day: day, kind: correction.kind, resident: nil, impressions: nil))
                engagements.append(EngagementRow(org: event.org, service: event.service, channel: event.channel, account: event.account,
                                                 day: day, kind: correction.kind, resident: event.actorIsOrg ? nil : event.actorHash, impressions: nil))
                continue
            }
            guard let kind = event.kind else { continue }
            if kind == .metricSnapshot {
                let account = config.accounts.first { $0.id == event.account }
                if let reading = ReachMetric.classify(details: Self.details(event), occurredAt: event.occurredAt,
                                                      accountPlatformID: account?.platformID, calendar: calendar) {
                    readings.append(MetricReadingRow(
                        org: event.org, service: event.service, channel: event.channel, account: event.account,
                        metric: reading.metric, period: reading.period, day: reading.day, value: reading.value,
                        sourceMetric: reading.sourceMetric, sourceRank: reading.sourceRank, observedAt: reading.observedAt,
                        position: event.position))
                }
            } else if EngagementRow.counted[kind] != nil || (kind == .post && event.actorIsOrg) {
                // The log sends details only with an impression count (`LoggedEvent.columns`).
                let impressions = event.actorIsOrg && event.details != nil ? Self.impressions(Self.details(event)) : nil
                guard kind != .post || impressions != nil else { continue }
                engagements.append(EngagementRow(
                    org: event.org, service: event.service, channel: event.channel, account: event.account,
                    day: calendar.localDate(of: event.occurredAt), kind: kind,
                    // Engaged residents: people, not the org's own accounts nor authors we cannot tell apart.
                    resident: event.actorIsOrg ? nil : event.actorHash, impressions: impressions))
            }
        }
        try rows.setTimeZone(org: config.org, config.timeZone)
        try rows.addEngagements(engagements)
        try rows.removeEngagements(moved)
        try rows.addReadings(readings)
    }

    private static func details(_ event: LoggedEvent) -> [String: JSONValue] {
        event.details.flatMap { try? JSONValue.parse(Data($0.utf8)) }?.objectValue ?? [:]
    }

    /// The platform's impression count on one of the org's own messages (Twitter public_metrics).
    private static func impressions(_ details: [String: JSONValue]) -> Int64? {
        guard let count = details["public_metrics"]?["impression_count"]?.doubleValue, count.isFinite, count >= 0 else { return nil }
        return Int64(count)
    }

    func reset() throws {
        try rows.reset()
    }
}
