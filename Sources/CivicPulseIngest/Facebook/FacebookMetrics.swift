import CivicPulseCore
import Foundation

/// Facebook's numbers as metric snapshots: Insights rows, a post's reaction and comment
/// summaries, and a Page's own counts.
///
/// An Insights value with an `end_time` is the reading for the period ending then, so its
/// source id is `<object>:<metric>/<period>@<epoch>`. Summaries, Page counts and lifetime
/// Insights carry no time of their own: they are dated when the payload was fetched and their
/// source id carries the value (`<object>:<metric>=<value>`), so re-reading a file adds
/// nothing while a changed number is a new snapshot.
struct FacebookMetrics {
    let context: IngestContext

    /// One Insights row (`name`, `period`, `values[]`): a snapshot per value, or per key of a
    /// breakdown value (`page_fans_city`, `post_reactions_by_type_total`). A value with no data
    /// (`[]`, `{}`, `null`) gives nothing; a row of such values gives no event at all.
    func insight(_ row: JSONValue, objectHint: String?) throws -> [EngagementEvent] {
        let name = try row.requiredString("name")
        let period = row["period"]?.stringValue
        guard let values = row["values"]?.arrayValue else { throw FieldProblem.missing("values") }
        let rowID = row["id"]?.stringValue
        guard let object = rowID.flatMap(Self.object(ofInsightID:)) ?? objectHint else {
            throw FieldProblem(field: "id", reason: "missing, and nothing else says which Page or post the numbers are for")
        }
        var events: [EngagementEvent] = []
        for (index, entry) in values.enumerated() {
            var endTime: Date?
            if let raw = entry["end_time"] {
                endTime = try EventTime.read(raw, field: "values[\(index)].end_time")
            }
            let metric = Metric(object: object, name: name, period: period, sourceType: "page_insight:\(name)")
            let value = entry["value"]
            if let number = value?.doubleValue {
                events.append(snapshot(metric, value: number, at: endTime))
            } else if let value, Self.holdsNoData(value) {
                continue // the Graph API's way of saying a breakdown had nothing in the period
            } else if let breakdown = value?.objectValue {
                for (key, number) in try Self.breakdown(breakdown, field: "values[\(index)].value") {
                    var keyed = metric
                    keyed.breakdown = key
                    events.append(snapshot(keyed, value: number, at: endTime))
                }
            } else {
                throw FieldProblem(field: "values[\(index)].value", reason: value == nil ? "missing" : "not a number: \(value!.jsonText.prefix(40))")
            }
        }
        return events
    }

    /// An empty breakdown (`[]`, `{}`) or `null`: no data for the period, not a bad value.
    static func holdsNoData(_ value: JSONValue) -> Bool {
        value == .null || value.arrayValue?.isEmpty == true || value.objectValue?.isEmpty == true
    }

    /// A breakdown's numbers by key, sorted: `{"GB": 12}` or, for two-level breakdowns such as
    /// reactions by type per country, `{"GB": {"like": 3}}` as `GB.like`. An empty inner object is no data.
    static func breakdown(_ object: [String: JSONValue], field: String) throws -> [(key: String, number: Double)] {
        try object.keys.sorted().flatMap { key -> [(key: String, number: Double)] in
            let member = object[key]!
            if let number = member.doubleValue { return [(key, number)] }
            if holdsNoData(member) { return [] }
            if let inner = member.objectValue {
                return try breakdown(inner, field: "\(field).\(key)").map { ("\(key).\($0.key)", $0.number) }
            }
            throw FieldProblem(field: "\(field).\(key)", reason: "not a number: \(member.jsonText.prefix(40))")
        }
    }

    /// `reactions{summary{total_count}}`, aliased per-type connections (`like`, `love`, …),
    /// `comments.summary` and `shares.count` on a post or comment.
    func summaries(of node: JSONValue, objectID: String, objectType: String) -> [EngagementEvent] {
        var events: [EngagementEvent] = []
        for (key, value) in (node.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let total = value["summary"]?["total_count"]?.doubleValue ?? (key == "shares" ? value["count"]?.doubleValue : nil)
            guard let total else { continue }
            let metric = Metric(object: objectID, name: key, period: nil, sourceType: "\(objectType)_summary:\(key)")
            events.append(snapshot(metric, value: total, at: nil))
        }
        return events
    }

    /// A Page object's own counts (`fan_count`, `followers_count`, …).
    func pageCounts(of node: JSONValue, pageID: String) -> [EngagementEvent] {
        FacebookGraphObjects.pageCounts.compactMap { name in
            node[name]?.doubleValue.map { snapshot(Metric(object: pageID, name: name, period: nil, sourceType: "page:\(name)"), value: $0, at: nil) }
        }
    }

    struct Metric {
        var object: String
        var name: String
        var period: String?
        var sourceType: String
        var breakdown: String?
    }

    private func snapshot(_ metric: Metric, value: Double, at time: Date?) -> EngagementEvent {
        let valueText = value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        var sourceID = "\(metric.object):\(metric.name)" + (metric.period.map { "/\($0)" } ?? "") + (metric.breakdown.map { "[\($0)]" } ?? "")
        sourceID += time.map { "@\(Int($0.timeIntervalSince1970))" } ?? "=\(valueText)"
        // A post id starts with its Page's; a Page's metrics are the Page's account's.
        let page = FacebookIDs.owner(of: metric.object) ?? metric.object
        let account = context.config.account(platform: FacebookClassifier.platform, userID: page, handle: nil)
        var details: [String: JSONValue] = ["metric": .string(metric.name), "value": .number(value), "object_id": .string(metric.object)]
        if let period = metric.period { details["period"] = .string(period) }
        if let breakdown = metric.breakdown { details["breakdown"] = .string(breakdown) }
        return EngagementEvent(
            platform: FacebookClassifier.platform, sourceType: metric.sourceType, sourceID: sourceID, org: context.config.org,
            channel: FacebookClassifier.platform, account: account?.id ?? "unknown",
            service: account?.service ?? PipelineConfig.unassigned, kind: .metricSnapshot,
            actorIsOrg: false, occurredAt: time ?? context.observedAt, details: details
        )
    }

    /// `123456/insights/page_engaged_users/day` → `123456`.
    static func object(ofInsightID id: String) -> String? {
        guard let range = id.range(of: "/insights/") else { return nil }
        let object = String(id[..<range.lowerBound])
        return object.isEmpty ? nil : object
    }
}
