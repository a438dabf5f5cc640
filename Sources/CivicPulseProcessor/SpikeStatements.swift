import CivicPulseCore
import Foundation

/// The events the processor appends to the log when the spikes it finds change: the history of
/// incidents as they were called (docs/emergencies.md).
///
/// Source ids are made of the org, the series and the hours, so finding the same spike again
/// appends nothing:
/// - `spike_started` `harbourside/topic/flooding/2026-11-21T14:00:00Z` — a spike from that hour;
/// - `spike_ended` `…/2026-11-21T14:00:00Z/2026-11-22T18:00:00Z` — it was back to normal from the
///   second hour (a later correction of the end is a second `spike_ended` with another end hour);
/// - `spike_ended` `…/2026-11-21T14:00:00Z/withdrawn` — late data showed it was no spike after all.
enum SpikeStatements {
    static let platform = EventKind.derivedPlatform

    static func base(org: String, key: SpikeSeriesKey, start: Date) -> String {
        "\(org)/\(key.dimension)/\(key.value)/\(iso(start))"
    }

    /// The id of the spike's `spike_started` event, which names the spike everywhere.
    static func spikeID(org: String, key: SpikeSeriesKey, start: Date) -> UUID {
        EventID.derive(platform: platform, sourceType: EventKind.spikeStarted.rawValue, sourceID: base(org: org, key: key, start: start))
    }

    /// What changed between the spikes found before (`old`) and now (`new`), both from the same hour on.
    static func changes(org: String, key: SpikeSeriesKey, old: [SpikeInterval], new: [SpikeInterval],
                        settings: EmergencySettings, seenUntil: Date) -> [EngagementEvent] {
        let make = Maker(org: org, key: key, settings: settings, seenUntil: seenUntil)
        var events: [EngagementEvent] = []
        for spike in new {
            let earlier = old.first { $0.start == spike.start }
            if earlier == nil { events.append(make.started(spike)) }
            if let end = spike.end, earlier?.end != end {
                events.append(make.ended(spike, at: end, revising: earlier?.end))
            }
        }
        for spike in old where !new.contains(where: { $0.start == spike.start }) {
            events.append(make.withdrawn(spike))
        }
        return events
    }

    private struct Maker {
        let org: String
        let key: SpikeSeriesKey
        let settings: EmergencySettings
        let seenUntil: Date

        private func event(_ kind: EventKind, sourceID: String, at hour: Date, parent: String?, details: [String: JSONValue]) -> EngagementEvent {
            var details = details
            details["dimension"] = .string(key.dimension)
            details["value"] = .string(key.value)
            details["hour"] = .string(iso(hour))
            details["detected_at"] = .string(iso(seenUntil))
            return EngagementEvent(
                platform: SpikeStatements.platform, sourceType: kind.rawValue, sourceID: sourceID, org: org,
                channel: SpikeStatements.platform, account: "unknown",
                service: key.dimension == SpikeSeriesKey.service ? key.value : PipelineConfig.unassigned,
                kind: kind, parentID: parent, actorIsOrg: false, occurredAt: hour, details: details
            )
        }

        func started(_ spike: SpikeInterval) -> EngagementEvent {
            event(.spikeStarted, sourceID: base(org: org, key: key, start: spike.start), at: spike.start, parent: nil, details: [
                "count": .number(Double(spike.startCount)),
                "baseline": .number(rounded(spike.startBaseline.value)),
                "baseline_kind": .string(spike.startBaseline.kind.rawValue),
                "baseline_hours": .number(Double(spike.startBaseline.references)),
                "score": .number(rounded(spike.startScore)),
                "early": .bool(spike.early),
                "sensitivity": .string(settings.sensitivity.rawValue),
                "minimum_hourly": .number(Double(settings.minimumHourly)),
            ])
        }

        func ended(_ spike: SpikeInterval, at end: Date, revising previous: Date?) -> EngagementEvent {
            let start = base(org: org, key: key, start: spike.start)
            var details: [String: JSONValue] = [
                "started": .string(iso(spike.start)),
                "hours": .number(end.timeIntervalSince(spike.start) / 3600),
                "peak_count": .number(Double(spike.peakCount)),
                "peak_hour": .string(iso(spike.peakHour)),
            ]
            if let count = spike.endCount { details["count"] = .number(Double(count)) }
            if let baseline = spike.endBaseline { details["baseline"] = .number(rounded(baseline)) }
            if let previous { details["revises_end"] = .string(iso(previous)) }
            return event(.spikeEnded, sourceID: "\(start)/\(iso(end))", at: end, parent: start, details: details)
        }

        func withdrawn(_ spike: SpikeInterval) -> EngagementEvent {
            let start = base(org: org, key: key, start: spike.start)
            return event(.spikeEnded, sourceID: "\(start)/withdrawn", at: spike.start, parent: start, details: [
                "started": .string(iso(spike.start)),
                "withdrawn": .bool(true),
            ])
        }
    }

    private static func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
