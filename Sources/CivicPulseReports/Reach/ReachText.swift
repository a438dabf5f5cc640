import Foundation

/// The reach tables as text for people.
enum ReachText {
    /// What the total row is called: every service's, or with `--service` that one's alone,
    /// which "All services" misnamed.
    static func totalName(service: String?) -> String {
        service.map { "Total (\($0))" } ?? "All services"
    }

    static func figuresTable(_ rows: [ReachFigures], service: String? = nil) -> String {
        var table = TextTable(
            headers: ["Service", "Channel", "Account", "Reach", "Impressions", "Views", "Engagements", "Rate", "Engaged", "Followers", "Growth"],
            leftAligned: [0, 1, 2]
        )
        for row in rows {
            table.add([
                row.service ?? totalName(service: service), row.channel ?? "", row.account ?? "",
                Formatting.count(row.reach), Formatting.count(row.impressions), Formatting.count(row.views), Formatting.count(row.engagements),
                rate(row.engagementRate), Formatting.count(row.engagedResidents), Formatting.count(row.followers), signed(row.followersGrowth),
            ])
        }
        return table.render()
    }

    static func leagueTable(_ league: LeagueTable, service: String? = nil) -> String {
        var table = TextTable(
            headers: ["Service", "Reach", "±", "Engaged", "±", "Eng. rate", "±", "Items", "Answered", "±", "Median", "±"],
            leftAligned: [0]
        )
        for row in league.rows {
            table.add([
                row.service ?? totalName(service: service),
                Formatting.count(row.reach.current), signed(row.reach.change),
                Formatting.count(row.engagedResidents.current), signed(row.engagedResidents.change),
                rate(row.engagementRate.current), points(row.engagementRate.change),
                Formatting.count(row.items.current),
                rate(row.responseRate.current), points(row.responseRate.change),
                Formatting.duration(row.medianResponseSeconds.current), signedDuration(row.medianResponseSeconds.change),
            ])
        }
        return "Service league table: \(league.current.from) to \(league.current.to) against \(league.previous.from) to \(league.previous.to)\n"
            + table.render()
            + "\n± = change from the period before; rates in percentage points; Median = first response, wall clock."
    }

    static func signed(_ value: Int?) -> String {
        guard let value else { return "–" }
        return value > 0 ? "+" + Formatting.count(value) : value < 0 ? "−" + Formatting.count(-value) : "0"
    }

    static func rate(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    static func points(_ value: Double?) -> String {
        guard let value else { return "–" }
        let text = String(format: "%.1f", abs(value) * 100)
        return text == "0.0" ? "0" : (value > 0 ? "+" : "−") + text
    }

    static func signedDuration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let text = Formatting.duration(abs(seconds))
        return text == "0s" ? "0" : (seconds > 0 ? "+" : "−") + text
    }
}

extension Formatting {
    /// `2.3%` for 0.023.
    static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }
}
