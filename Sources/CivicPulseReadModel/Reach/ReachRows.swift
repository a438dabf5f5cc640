import CivicPulseCore
import Foundation

/// The rows the reach projection keeps (docs/reach.md): engagements per account and local day
/// (`projections.engagement_daily`), the best account-level metric reading per day
/// (`projections.account_metrics_daily`), and the org's time zone the days are cut in
/// (`projections.org_settings`). Every rule is independent of how the log is cut into batches.
public protocol ReachRows {
    /// Records the time zone the org's days are cut in.
    func setTimeZone(org: String, _ zone: TimeZone) throws
    /// Adds engagements: counts added, engaged residents unioned.
    func addEngagements(_ rows: [EngagementRow]) throws
    /// Takes engagements back from the account and service they were counted under, when a
    /// correction names the account: counts subtracted, a row left with none deleted. Its
    /// engaged residents stay as they were (a sketch cannot forget one) until then.
    func removeEngagements(_ rows: [EngagementRow]) throws
    /// Keeps, per account, metric, period and day, the best reading: lowest rank, then latest
    /// observed, then latest in the log.
    func addReadings(_ rows: [MetricReadingRow]) throws
    /// Empties the engagements and readings, for a rebuild.
    func reset() throws
}

/// One engagement on one of the org's accounts, on a local day.
public struct EngagementRow: Sendable, Equatable {
    /// The kinds an engagement is made of, with the column that counts each.
    public static let counted: [EventKind: String] = [
        .comment: "comments", .reply: "replies", .reaction: "reactions", .share: "shares",
        .mention: "mentions", .inboundMessage: "inbound_messages",
    ]

    public var org: String
    public var service: String
    public var channel: String
    public var account: String
    public var day: CivilDate
    public var kind: EventKind
    /// The engaged resident's keyed hash: nil for the org's own accounts and authors we cannot tell apart.
    public var resident: Data?
    /// The platform's impression count, on one of the org's own posts.
    public var impressions: Int64?

    public init(org: String, service: String, channel: String, account: String, day: CivilDate, kind: EventKind,
                resident: Data?, impressions: Int64?) {
        self.org = org
        self.service = service
        self.channel = channel
        self.account = account
        self.day = day
        self.kind = kind
        self.resident = resident
        self.impressions = impressions
    }
}

/// One account-level metric reading, filed under a local day.
public struct MetricReadingRow: Sendable, Equatable {
    public var org: String
    public var service: String
    public var channel: String
    public var account: String
    /// `reach`, `impressions`, `followers` or `views_total`.
    public var metric: String
    public var period: String
    public var day: CivilDate
    public var value: Double
    public var sourceMetric: String
    /// When two source metrics give the same figure for a day, the lower rank wins.
    public var sourceRank: Int
    public var observedAt: Date
    /// Its position in the log, the last tie-break.
    public var position: Int64

    public init(org: String, service: String, channel: String, account: String, metric: String, period: String, day: CivilDate,
                value: Double, sourceMetric: String, sourceRank: Int, observedAt: Date, position: Int64) {
        self.org = org
        self.service = service
        self.channel = channel
        self.account = account
        self.metric = metric
        self.period = period
        self.day = day
        self.value = value
        self.sourceMetric = sourceMetric
        self.sourceRank = sourceRank
        self.observedAt = observedAt
        self.position = position
    }
}
