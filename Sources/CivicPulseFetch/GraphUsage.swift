import CivicPulseCore
import Foundation

/// Graph's usage headers: `X-App-Usage` (`{"call_count":n,"total_time":n,"total_cputime":n}`, percentages
/// of the app's hourly budget) and `X-Business-Use-Case-Usage` (per Page, the same percentages and
/// `estimated_time_to_regain_access` in minutes once throttled).
struct GraphUsage: Sendable, Equatable {
    /// The highest percentage of any budget in either header.
    var highest: Int
    /// The longest `estimated_time_to_regain_access`, in minutes (whole ones from Graph; a part
    /// of one is taken as it is).
    var regainMinutes: Double?

    /// Above this share of a budget, fetch waits rather than be throttled.
    static let pauseAt = 95

    init(highest: Int, regainMinutes: Double?) {
        self.highest = highest
        self.regainMinutes = regainMinutes
    }

    init(_ response: HTTPResponse) {
        var highest = 0
        var regain: Double?
        func read(_ usage: JSONValue) {
            for key in ["call_count", "total_time", "total_cputime"] {
                if let value = usage[key]?.doubleValue { highest = max(highest, Int(value)) }
            }
            if let minutes = usage["estimated_time_to_regain_access"]?.doubleValue, minutes > 0 {
                regain = max(regain ?? 0, minutes)
            }
        }
        if let app = response.header("x-app-usage").flatMap({ try? JSONValue.parse(Data($0.utf8)) }) {
            read(app)
        }
        if let pages = response.header("x-business-use-case-usage").flatMap({ try? JSONValue.parse(Data($0.utf8)) })?.objectValue {
            for entries in pages.values {
                for entry in entries.arrayValue ?? [] { read(entry) }
            }
        }
        self.init(highest: highest, regainMinutes: regain)
    }

    /// When to ask again: Graph's regain estimate, else in 15 minutes (the budgets roll over an
    /// hour, so a quarter of it frees a fair share without holding the run for the whole hour).
    func limit(now: Date) -> RateLimit {
        RateLimit(remaining: 0, reset: now.addingTimeInterval((regainMinutes ?? 15) * 60))
    }
}
