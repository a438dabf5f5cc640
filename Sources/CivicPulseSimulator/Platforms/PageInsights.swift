import CivicPulseCore
import Foundation

/// Writes Page Insights as `/{page}/insights` responses: `page_impressions_unique`,
/// `page_impressions`, `page_post_engagements` and `page_follows`, each for period `day` and
/// `week`, one value per day ending at midnight Pacific time, as Facebook reports them.
///
/// The numbers follow what happened on the Page that day (a flood brings reach and follows).
/// One file per Page per 28 days.
final class PageInsights {
    static let metrics: [(name: String, title: String)] = [
        ("page_impressions_unique", "Total Reach"),
        ("page_impressions", "Total Impressions"),
        ("page_post_engagements", "Post Engagements"),
        ("page_follows", "Page Follows"),
    ]
    static let daysPerFile = 28

    private struct Day {
        let endTime: Millis
        /// Values in `metrics` order.
        let daily: [Int]
    }

    private final class PageState {
        let page: OrgAccount
        var follows: Int
        /// The six days before `buffered`, which its first weekly values need.
        var before: [Day] = []
        var buffered: [Day] = []
        var files = 0

        init(page: OrgAccount, follows: Int) {
            self.page = page
            self.follows = follows
        }
    }

    private let files: OutputFiles
    private let states: [PageState]
    private let pacific = TimeZone(identifier: "America/Los_Angeles")!

    init(files: OutputFiles, pages: [OrgAccount], scale: Double) {
        self.files = files
        states = pages.map { PageState(page: $0, follows: Int(($0.central ? 14_000 : 3_500) * max(scale, 0.05))) }
    }

    /// Records one local day for every Page: `activity[i]` is what happened on Page `i` that day
    /// (residents' comments and messages, and the Page's posts).
    func recordDay(_ date: CivilDate, activity: [Int], posts: [Int], random: inout SeededRandom) throws {
        let naive = Millis(date.adding(days: 1).daysSinceEpoch) * .day
        let endTime = naive - Millis(pacific.secondsFromGMT(for: naive.date)) * .second
        for (index, state) in states.enumerated() {
            state.follows += max(0, Int(Double(state.follows) * 0.0004 + Double(activity[index]) * 0.3 + random.normal() * 3))
            let reach = Int(Double(state.follows) * (0.06 + 0.02 * random.unit())) + activity[index] * 45 + posts[index] * 350
            let impressions = Int(Double(reach) * (1.6 + 0.6 * random.unit()))
            let engagements = activity[index] * 5 + posts[index] * 25 + random.below(20)
            let day = Day(endTime: endTime, daily: [reach, impressions, engagements, state.follows])
            state.buffered.append(day)
            files.record(RecordKey("facebook", "insights value", "metric_snapshot"), Self.metrics.count * 2)
            if state.buffered.count >= Self.daysPerFile { try flush(state) }
        }
    }

    func finish() throws {
        for state in states { try flush(state) }
    }

    /// The week's value ending on `day`: reach counts people once (so less than the sum).
    private func weekly(_ metric: Int, upTo day: Int, in days: [Day]) -> Int {
        if metric == 3 { return days[day].daily[3] }
        let window = days[max(0, day - 6)...day].map { $0.daily[metric] }.reduce(0, +)
        return metric == 0 ? window * 7 / 10 : window
    }

    private func flush(_ state: PageState) throws {
        guard !state.buffered.isEmpty else { return }
        let earlier = state.before
        let days = earlier + state.buffered
        let pageID = state.page.platformID
        var w = JSONWriter(capacity: 8192)
        w.beginObject()
        w.key("data")
        w.beginArray()
        for (metric, (name, title)) in Self.metrics.enumerated() {
            for period in ["day", "week"] {
                w.beginObject()
                w.field("name", name)
                w.field("period", period)
                w.key("values")
                w.beginArray()
                for index in earlier.count..<days.count {
                    w.beginObject()
                    w.field("value", period == "day" ? days[index].daily[metric] : weekly(metric, upTo: index, in: days))
                    w.field("end_time", time: days[index].endTime, .graph)
                    w.endObject()
                }
                w.endArray()
                w.field("title", (period == "day" ? "Daily " : "Weekly ") + title)
                w.field("description", "\(period == "day" ? "Daily" : "Weekly"): \(title.lowercased()) of your Page.")
                w.field("id", "\(pageID)/insights/\(name)/\(period)")
                w.endObject()
            }
        }
        w.endArray()
        let since = state.buffered.first!.endTime - .day, until = state.buffered.last!.endTime
        let base = "https://graph.facebook.com/v21.0/\(pageID)/insights?metric=\(Self.metrics.map(\.name).joined(separator: ","))"
        w.key("paging")
        w.beginObject()
        w.field("previous", "\(base)&since=\(since.epochSeconds - 28 * 86_400)&until=\(since.epochSeconds)")
        w.field("next", "\(base)&since=\(until.epochSeconds)&until=\(until.epochSeconds + 28 * 86_400)")
        w.endObject()
        w.endObject()
        state.files += 1
        try files.write(w.bytes, to: "facebook/insights/\(pageID)-insights-\(String(format: "%03d", state.files)).json",
                        category: "facebook insights pages", fetchedAt: until + .hour)
        state.before = Array(days.suffix(6))
        state.buffered.removeAll()
    }
}
