import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// What the duty officer must know now: surges under way, urgent messages waiting, and SLA
/// deadlines missed in the last hour (docs/emergencies.md). `needsAction` decides the exit status
/// of `civicpulse alerts`, so cron or a monitoring system can page someone.
public struct AlertsReport: Codable, Sendable, Equatable {
    public var org: String
    public var orgName: String
    public var timeZone: String
    public var asOf: Date
    /// Breaches are those whose deadline passed from here to `asOf` (at the deadline itself an
    /// item is at risk, not yet breached).
    public var breachesSince: Date
    /// Urgent items opened from here to `asOf` that are still unanswered are listed.
    public var urgentSince: Date
    /// `act` when someone should act, else `quiet`.
    public var status: String
    /// The newest message time the processor has seen: spikes are judged up to here.
    public var dataUntil: Date?
    /// With no message processed from here to `asOf`, the data has stopped: the feeds or the
    /// processor may be down, and whether a spike goes on cannot be told.
    public var dataExpectedSince: Date
    /// No message processed since `dataExpectedSince`, or none ever (someone should look at the
    /// feeds, or has yet to set them up): a monitor must not read a system that never received
    /// anything as a quiet one.
    public var dataStopped: Bool
    /// Gaps in the data (`ReportHeader.noData`) on the days whose urgent items and missed deadlines
    /// are listed: not quiet but unrecorded, so an empty list there is not all quiet. Nil, and
    /// left out of the JSON, when there is none. (Spikes are never judged against a gap's zeros.)
    public var noData: [ReportHeader.DayRange]?
    /// Events in the log the processor has not taken yet: if not 0, run `civicpulse process`.
    /// Counted up to `UnprocessedEvents.counted` and one more (which stands for more than that).
    public var unprocessedEvents: Int
    /// Spikes under way at `asOf`; empty when the data has stopped.
    public var spikes: [ListedSpike]
    /// When the data has stopped: the spikes still open at the newest message, which only
    /// counts after it could have ended (their `currentHourCount` is that of its hour).
    public var spikesWhenDataStopped: [ListedSpike]
    public var urgentOpen: [ListedItem]
    public var breaches: [ListedItem]

    enum CodingKeys: String, CodingKey {
        case org, status, spikes, breaches
        case orgName = "org_name"
        case timeZone = "time_zone"
        case asOf = "as_of"
        case breachesSince = "breaches_since"
        case urgentSince = "urgent_since"
        case dataUntil = "data_until"
        case dataExpectedSince = "data_expected_since"
        case dataStopped = "data_stopped"
        case noData = "no_data"
        case spikesWhenDataStopped = "spikes_when_data_stopped"
        case unprocessedEvents = "unprocessed_events"
        case urgentOpen = "urgent_open"
    }

    /// The exit status of `civicpulse alerts` when someone should act.
    public static let actExitStatus: Int32 = 2

    public var needsAction: Bool {
        !spikes.isEmpty || !urgentOpen.isEmpty || !breaches.isEmpty || dataStopped
    }

    /// - Parameters:
    ///   - since: how far back a missed deadline counts as a new breach (default one hour).
    ///   - urgentWithin: how far back an unanswered urgent item is still listed.
    ///   - dataWithin: how recent the newest processed message must be for the data not to have
    ///     stopped (default `DataSpan.quietAllowance`, a day).
    public static func load(config: PipelineConfig, asOf: Date, since: TimeInterval = 3600, urgentWithin: TimeInterval = 86_400,
                            dataWithin: TimeInterval = DataSpan.quietAllowance, on connection: Connection) throws -> AlertsReport {
        let clock = HourClock(timeZone: config.timeZone)
        let breachesSince = asOf.addingTimeInterval(-since)
        let urgentSince = asOf.addingTimeInterval(-urgentWithin)
        let dataExpectedSince = asOf.addingTimeInterval(-dataWithin)
        let days = BusinessCalendar.alwaysOpen(in: config.timeZone)
        let listed = days.localDate(of: min(urgentSince, breachesSince))...days.localDate(of: asOf)
        let span = try DataSpan.load(org: config.org, timeZone: config.timeZone, meeting: listed, on: connection)
        let dataUntil = span.until
        // A spike stays open until two closed hours end it, so after the last message it stays
        // open for good: judged at the as-of instant it would look under way however long ago the
        // data stopped.
        let stoppedAt = dataUntil.flatMap { $0 < dataExpectedSince ? $0 : nil }
        let dataStopped = dataUntil == nil || stoppedAt != nil
        let spikes = try ListedSpike.current(org: config.org, asOf: stoppedAt ?? asOf, clock: clock, on: connection)
        let urgent = try ListedItem.listing(try AlertsQueries.urgentOpen(org: config.org, asOf: asOf, since: urgentSince, on: connection),
                                            on: connection).map { $0.judged(config: config, asOf: asOf) }
        let breaches = try ListedItem.listing(try AlertsQueries.breaches(org: config.org, asOf: asOf, since: breachesSince, on: connection),
                                              on: connection).map { $0.judged(config: config, asOf: asOf) }
        var report = AlertsReport(
            org: config.org, orgName: config.name, timeZone: config.timeZoneName, asOf: asOf,
            breachesSince: breachesSince, urgentSince: urgentSince, status: "quiet",
            dataUntil: dataUntil, dataExpectedSince: dataExpectedSince, dataStopped: dataStopped,
            noData: ReportHeader.noData(span, meeting: [(listed.lowerBound, listed.upperBound)]),
            unprocessedEvents: try UnprocessedEvents.count(on: connection),
            spikes: dataStopped ? [] : spikes, spikesWhenDataStopped: dataStopped ? spikes : [], urgentOpen: urgent, breaches: breaches
        )
        report.status = report.needsAction ? "act" : "quiet"
        return report
    }
}

/// `no_data` only when there is a gap to name.
extension AlertsReport: OmittedWhenNil {
    static let omittedWhenNil: Set<String> = [CodingKeys.noData.stringValue]
}
