import CivicPulseCore
import Foundation

/// `videos.list` and `channels.list` items: their `statistics` become metric snapshots, and a
/// video published by an org channel is the org's **post**.
///
/// Statistics are running totals with no time of their own, so each snapshot is dated by when the
/// payload was fetched (`context.observedAt`) and its source id carries the value
/// (`<id>:view_count=7920`): re-ingesting the same file adds nothing, a changed count is a new
/// snapshot. Counts arrive as strings and are read as numbers. Every count is kept, named in
/// snake case (`viewCount` → `view_count`, `subscriberCount` → `subscriber_count`); a channel with
/// `hiddenSubscriberCount: true` gets no `subscriber_count` snapshot, since the owner hides the
/// real number. A video is attributed to an org account only when its `snippet.channelId` is in the
/// payload (request `part=snippet,statistics`); otherwise its snapshots are on account `unknown`.
struct YouTubeStatistics {
    static let platform = YouTubeNormaliser.platform

    let context: IngestContext

    /// Whether a well-formed item carries nothing to ingest: no `statistics`, and not a video of
    /// an org channel (requested with `part=snippet` alone, say). It is ignored, not a record; an
    /// item whose `snippet` is not an object is read, and quarantined.
    func holdsNothing(_ item: JSONValue, kind: String) -> Bool {
        guard item.objectValue != nil, item["statistics"] == nil else { return false }
        guard kind == "youtube#video" else { return true }
        guard let snippet = item["snippet"] else { return true }
        guard snippet.objectValue != nil else { return false }
        return snippet["channelId"]?.stringValue.flatMap { context.config.account(platform: Self.platform, userID: $0, handle: nil) } == nil
    }

    func events(for item: JSONValue, kind: String) throws -> [EngagementEvent] {
        guard item.objectValue != nil else { throw FieldProblem(field: "(record)", reason: "expected a \(kind) object") }
        let id = try item.requiredID("id")
        let isChannel = kind == "youtube#channel"
        let snippet = item["snippet"]
        if let snippet, snippet.objectValue == nil {
            throw FieldProblem(field: "snippet", reason: "expected an object, got \(snippet.jsonText.prefix(40))")
        }
        let channelID = isChannel ? id : snippet?["channelId"]?.stringValue
        let account = channelID.flatMap { context.config.account(platform: Self.platform, userID: $0, handle: nil) }
        let url = isChannel ? "https://www.youtube.com/channel/\(id)" : "https://www.youtube.com/watch?v=\(id)"

        var events: [EngagementEvent] = []
        if !isChannel, let account, let snippet {
            guard let published = snippet["publishedAt"] else { throw FieldProblem.missing("snippet.publishedAt") }
            let publishedAt = try EventTime.read(published, field: "snippet.publishedAt")
            events.append(EngagementEvent(
                platform: Self.platform, sourceType: "video", sourceID: id, org: context.config.org, channel: "youtube",
                account: account.id, service: account.service, kind: .post, conversationID: id,
                actorHash: context.actorHash(platform: Self.platform, userID: channelID), actorIsOrg: true,
                occurredAt: publishedAt, text: snippet["title"]?.stringValue, url: url
            ))
        }

        guard let statistics = item["statistics"] else { return events }
        guard let counts = statistics.objectValue else { throw FieldProblem(field: "statistics", reason: "expected an object") }
        let subscribersHidden = counts["hiddenSubscriberCount"]?.boolValue == true
        let objectType = isChannel ? "channel" : "video"
        for (name, value) in counts.sorted(by: { $0.key < $1.key }) {
            if value.boolValue != nil { continue } // hiddenSubscriberCount: a flag, not a count
            if subscribersHidden, name == "subscriberCount" { continue }
            guard let number = value.doubleValue, number.isFinite else {
                throw FieldProblem(field: "statistics.\(name)", reason: "expected a count, got \(value.jsonText.prefix(40))")
            }
            let metric = YouTubeText.snakeCase(name)
            let valueText = number.rounded() == number && abs(number) < 9e15 ? String(Int64(number)) : String(number)
            events.append(EngagementEvent(
                platform: Self.platform, sourceType: "\(objectType)_statistics", sourceID: "\(id):\(metric)=\(valueText)",
                org: context.config.org, channel: "youtube", account: account?.id ?? "unknown",
                service: account?.service ?? PipelineConfig.unassigned, kind: .metricSnapshot,
                actorIsOrg: false, occurredAt: context.observedAt, url: url,
                details: [
                    "metric": .string(metric), "period": .string("lifetime"), "value": .number(number),
                    "object_id": .string(id), "object_type": .string(objectType),
                ]
            ))
        }
        return events
    }
}
