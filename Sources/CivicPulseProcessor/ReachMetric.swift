import CivicPulseCore
import Foundation

/// Which platform numbers count as an account's reach, impressions, followers or views, and the
/// local day each reading belongs to (docs/reach.md).
///
/// Only account-level readings count: a Page's or channel's own figures, never a post's or a
/// video's, because adding per-post uniques (or a channel's total to its videos') counts people
/// and views twice.
struct ReachMetric: Equatable {
    /// `reach`, `impressions`, `followers` or `views_total` (a running total).
    var metric: String
    /// `day`, `week`, `days_28` or `lifetime`.
    var period: String
    /// The platform's metric name it came from.
    var sourceMetric: String
    /// When two source metrics give the same figure for a day, the lower rank wins.
    var sourceRank: Int
    var day: CivilDate
    var value: Double
    /// The end of the window for period readings, else when the value was observed.
    var observedAt: Date

    /// Unique reach: never added up; a week's figure is the platform's own week value.
    static let reachMetrics: Set<String> = ["page_impressions_unique", "reach"]
    static let reachPeriods: Set<String> = ["day", "week", "days_28"]
    /// Additive, counted per day.
    static let impressionMetrics: Set<String> = ["page_impressions", "impressions"]
    /// Follower counts, best first: a Page's follows replaced its likes (fans).
    static let followerMetrics = ["page_follows", "followers_count", "subscriber_count", "page_fans", "fan_count"]
    /// Lifetime view counters of a channel: views in a day are the increase between readings.
    static let viewCounters: Set<String> = ["view_count"]

    /// Classifies a metric snapshot's details, or nil when it is none of the figures above.
    ///
    /// - Parameters:
    ///   - accountPlatformID: the org account's own id on the platform (a Page id, a channel id), if the pipeline gives it.
    static func classify(details: [String: JSONValue], occurredAt: Date, accountPlatformID: String?, calendar: BusinessCalendar) -> ReachMetric? {
        guard let name = details["metric"]?.stringValue, let value = details["value"]?.doubleValue, value.isFinite,
              details["breakdown"] == nil else { return nil }
        let period = details["period"]?.stringValue
        let objectID = details["object_id"]?.idString
        let accountLevel = name.hasPrefix("page_") || details["object_type"]?.stringValue == "channel"
            || objectID == nil || (accountPlatformID != nil && objectID == accountPlatformID)
        guard accountLevel else { return nil }

        // A period reading describes the window ending at end_time; Graph's days end at the Page's
        // midnight (08:00 UTC for Pacific time), so a window is filed under the local date one day
        // before its end: the day it began, for a daily reading.
        // Graph Insights (page_*, post_* with a period, lifetime included) are dated by end_time too.
        let endTime = details["end_time"].flatMap { PlatformTimestamp.parse($0) } ?? occurredAt
        let graphInsight = period != nil && (name.hasPrefix("page_") || name.hasPrefix("post_"))
        let windowed = graphInsight || (period.map(reachPeriods.contains) ?? false) || details["end_time"] != nil
        let day = windowed ? calendar.localDate(of: endTime.addingTimeInterval(-86_400)) : calendar.localDate(of: occurredAt)
        let reading = { (metric: String, period: String, rank: Int) in
            ReachMetric(metric: metric, period: period, sourceMetric: name, sourceRank: rank, day: day, value: value, observedAt: endTime)
        }

        if reachMetrics.contains(name), let period, reachPeriods.contains(period) {
            return reading("reach", period, 0)
        }
        if impressionMetrics.contains(name), period == "day" {
            return reading("impressions", "day", 0)
        }
        if let rank = followerMetrics.firstIndex(of: name), period == nil || period == "lifetime" || period == "day" {
            return reading("followers", "lifetime", rank)
        }
        if viewCounters.contains(name), period == nil || period == "lifetime" {
            return reading("views_total", "lifetime", 0)
        }
        return nil
    }
}
