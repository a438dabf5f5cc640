import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// What one stretch of the log adds to reach (docs/reach.md): engagements, account metric
/// readings, and the engagements a correction moves away. It also tells which local days the
/// stretch covers, the days `CoverageQueries` reads back from these rows, so that the spike
/// judgement of a batch's first transactions does not count days its later ones fill.
struct ReachBatch {
    var engagements: [EngagementRow] = []
    var readings: [MetricReadingRow] = []
    /// Counted under the account and service they had before a correction.
    var moved: [EngagementRow] = []

    init(_ events: ArraySlice<LoggedEvent>, config: PipelineConfig) {
        let calendar = BusinessCalendar.alwaysOpen(in: config.timeZone)
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
    }

    /// The local days these rows give a row to, the council's (its events are one council's,
    /// `Councils.split`); a moved engagement leaves one behind on the same day, so a batch never
    /// uncovers a day.
    var coveredDays: Set<CivilDate> {
        Set(engagements.map(\.day) + readings.map(\.day))
    }

    private static func details(_ event: LoggedEvent) -> [String: JSONValue] {
        event.details.flatMap { try? JSONValue.parse(Data($0.utf8)) }?.objectValue ?? [:]
    }

    /// The platform's impression count on one of the org's own messages (Twitter public_metrics).
    private static func impressions(_ details: [String: JSONValue]) -> Int64? {
        guard let count = details["public_metrics"]?["impression_count"]?.doubleValue, count.isFinite, count >= 0 else { return nil }
        return Int64(count)
    }
}
