import CivicPulseCore
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres

/// Synthetic events for Harbourside: three ordinary weeks from Monday 2 November 2026 with a
/// council's daily and weekly rhythm, and a flood on Saturday 21 November, 10:00–16:59.
///
/// Every hour's volume is fixed by the rhythm, so the expected spikes can be stated exactly:
/// during the flood 30 residents an hour ask for sandbags on "Harbour Road" (topic flooding,
/// routed to highways; no emergency keyword, so only the spike can make them urgent) and 30
/// people an hour post that the river has burst its banks (listening mentions on flooding).
enum SpikeFixtures {
    static let london = TimeZone(identifier: "Europe/London")!

    static func local(_ date: String, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        let day = CivilDate(date)!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
    }

    static let hourly: [Double] = [
        0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.75, 1.25, 1.6, 1.7, 1.6,
        1.5, 1.45, 1.4, 1.35, 1.35, 1.4, 1.45, 1.5, 1.45, 1.2, 0.8, 0.4,
    ]
    static let weekday: [Double] = [1.4, 1.15, 1.05, 1.0, 0.9, 0.55, 0.5]

    /// Everyday questions, each routed as the central handle's rules would.
    static let questions: [(text: String, service: String)] = [
        ("My bin was not collected this morning", "waste"),
        ("There is a pothole on Mill Lane", "highways"),
        ("When does the library open on Saturday?", "libraries"),
        ("How do I pay my council tax?", "unassigned"),
    ]

    /// Ordinary days: about `perHour` questions in an average hour, each answered 30 minutes
    /// later, and one listening mention about the place every other hour in the daytime.
    static func ordinary(from first: String, days: Int, perHour: Double = 4, config: PipelineConfig) -> [EngagementEvent] {
        var events: [EngagementEvent] = []
        for offset in 0..<days {
            let date = CivilDate(first)!.adding(days: offset)
            for hour in 0..<24 {
                let count = Int((perHour * hourly[hour] * weekday[date.isoWeekday - 1] / 0.8966).rounded())
                for index in 0..<count {
                    let at = local(date.description, hour, index * 50 / max(count, 1) + 1)
                    let question = questions[(date.daysSinceEpoch + hour + index) % questions.count]
                    let id = "q-\(date)-\(hour)-\(index)"
                    events.append(inbound(id: id, at: at, text: question.text, service: question.service, config: config))
                    events.append(reply(to: id, at: at.addingTimeInterval(1800), config: config))
                }
                if hour >= 8, hour < 22, hour % 2 == 0 {
                    events.append(mention(id: "m-\(date)-\(hour)", at: local(date.description, hour, 30), text: "Lovely walk by the harbour", config: config))
                }
            }
        }
        return events
    }

    /// The flood: `perHour` sandbag questions and `perHour` burst-banks mentions an hour, from 10:00 to 16:59.
    static func flood(on date: String = "2026-11-21", hours: ClosedRange<Int> = 10...16, perHour: Int = 30, config: PipelineConfig) -> [EngagementEvent] {
        hours.flatMap { hour in
            (0..<perHour).flatMap { index -> [EngagementEvent] in
                let at = local(date, hour, index * 59 / perHour)
                return [
                    inbound(id: "flood-\(date)-\(hour)-\(index)", at: at, text: "Where can we get sandbags? Water is coming up Harbour Road", service: "highways", config: config),
                    mention(id: "banks-\(date)-\(hour)-\(index)", at: at, text: "The river has burst banks near the quay", config: config),
                ]
            }
        }
    }

    static func inbound(id: String, at: Date, text: String, service: String, config: PipelineConfig) -> EngagementEvent {
        var event = EngagementEvent(
            platform: "twitter", sourceType: "tweet", sourceID: id, org: config.org, channel: "twitter",
            account: "harbourside_twitter", service: service, kind: .inboundMessage, conversationID: id,
            actorHash: Fixtures.hasher.hash(platform: "twitter", userID: "resident-\(id)"), actorIsOrg: false,
            occurredAt: at, text: text
        )
        tag(&event, config: config)
        return event
    }

    static func reply(to id: String, at: Date, config: PipelineConfig) -> EngagementEvent {
        EngagementEvent(
            platform: "twitter", sourceType: "tweet", sourceID: "r-\(id)", org: config.org, channel: "twitter",
            account: "harbourside_twitter", service: "customer_services", kind: .reply, conversationID: id, parentID: id,
            actorHash: Fixtures.hasher.hash(platform: "twitter", userID: "council"), actorIsOrg: true,
            addresseeHash: Fixtures.hasher.hash(platform: "twitter", userID: "resident-\(id)"), occurredAt: at, text: "Thanks, we are on it"
        )
    }

    static func mention(id: String, at: Date, text: String, config: PipelineConfig) -> EngagementEvent {
        var event = EngagementEvent(
            platform: "twitter", sourceType: "tweet", sourceID: id, org: config.org, channel: "twitter", account: "unknown",
            service: PipelineConfig.unassigned, kind: .mention, actorHash: Fixtures.hasher.hash(platform: "twitter", userID: "walker-\(id)"),
            actorIsOrg: false, occurredAt: at, text: text
        )
        tag(&event, config: config)
        return event
    }

    /// Listening topics, as every reader records them.
    private static func tag(_ event: inout EngagementEvent, config: PipelineConfig) {
        let topics = config.topics(in: event.text ?? "")
        if !topics.isEmpty { event.details["topics"] = .array(topics.map(JSONValue.string)) }
    }

    static func append(_ events: [EngagementEvent], on connection: Connection) throws {
        // One transaction, as ingest appends a file: the staging table empties on commit.
        _ = try connection.transaction { try EventLog.append(events, sourceFile: "synthetic", judge: Fixtures.isUrgent, on: connection) }
    }

    /// The projections whose rows must not depend on arrival order, batch sizes or rebuilds.
    static func snapshot(_ connection: Connection) throws -> [String: [String]] {
        let queries = [
            "spikes": "SELECT to_jsonb(s)::text FROM projections.spikes s ORDER BY spike_id",
            // Pseudonyms are random in each database (docs/privacy.md): a resident is compared by
            // the keyed hash their pseudonym stands for.
            "items": """
                SELECT (to_jsonb(r) || jsonb_build_object('resident_hash', (SELECT encode(lookup, 'hex') FROM privacy.residents WHERE pseudonym = r.resident_hash)))::text
                FROM projections.response_items r ORDER BY item_id
                """,
            "counts": "SELECT to_jsonb(c)::text FROM projections.hourly_counts c ORDER BY org, dimension, value, hour",
            "urgent": "SELECT event_id::text FROM projections.conversation_messages WHERE urgent ORDER BY event_id",
            "detector": "SELECT org || ' ' || watermark::text || ' ' || history_start::text FROM projections.spike_detector",
        ]
        return try queries.mapValues { sql in
            try connection.query(Query(unsafeSQL: sql)).map { try $0.decode(String.self, 0) }
        }
    }
}
