import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Where the response projection reads settled messages again (`SettledMessages`): the log itself,
/// the source of truth, so a conversation's messages before its cut need no copy of their own.
/// `PostgresMessageLog` reads `civicpulse.events`; `MemoryMessageLog` holds a list of events,
/// for tests without a server, as `MemoryResponseRows` stands beside `PostgresResponseRows`.
protocol MessageLog {
    /// The events at these positions, and every correction of them, in the log's order.
    func eventsAndCorrections(at positions: [Int64]) throws -> [LoggedEvent]
    /// The positions of these events (those in the log).
    func positions(of eventIDs: [UUID]) throws -> [Int64]
}

extension MessageLog {
    /// The settled messages as the response projection stored them, each under its conversation
    /// and with its urgency as settled: the event as its latest correction that still makes it a
    /// conversational message tells it, as `ResponseProjection.correct` keeps a stored one.
    ///
    /// Every correction in the log counts, also one the processor has not reached yet: it only
    /// comes early, since that correction's own batch puts the same message in place again.
    func messages(_ settled: [SettledMessages]) throws -> [(position: Int64, message: ConversationMessage)] {
        let positions = settled.flatMap(\.positions)
        guard !positions.isEmpty else { return [] }
        let wanted = Set(positions)
        var events: [Int64: LoggedEvent] = [:]
        var latest: [UUID: LoggedEvent] = [:]
        for event in try eventsAndCorrections(at: positions) {
            if wanted.contains(event.position) && event.correction == nil {
                events[event.position] = event
            } else if let corrected = event.corrected, corrected.kind.map(ConversationMessage.isConversational) == true {
                latest[corrected.eventID] = corrected
            }
        }
        return settled.flatMap { conversation in
            conversation.positions.compactMap { position -> (position: Int64, message: ConversationMessage)? in
                guard let event = events[position] else { return nil }
                let told = latest[event.eventID] ?? event
                return told.conversationMessage(key: conversation.conversationKey, urgent: conversation.isUrgent(position))
                    .map { (position, $0) }
            }
        }
    }
}

/// The log in PostgreSQL, in the batch's transaction: by position (its primary key), the
/// corrections by the event they correct (`events_corrections`).
struct PostgresMessageLog: MessageLog {
    let connection: Connection

    func eventsAndCorrections(at positions: [Int64]) throws -> [LoggedEvent] {
        let positions = BinaryArray(positions)
        return try connection.query("""
            SELECT \(unescaped: LoggedEvent.columns) FROM \(unescaped: LoggedEvent.source)
            WHERE position = ANY(\(positions))
               OR (kind = 'correction' AND details ->> 'corrects' = ANY(ARRAY(
                       SELECT event_id::text FROM civicpulse.events WHERE position = ANY(\(positions)))))
            ORDER BY tx_id, position
            """).map(LoggedEvent.init(row:))
    }

    func positions(of eventIDs: [UUID]) throws -> [Int64] {
        guard !eventIDs.isEmpty else { return [] }
        return try connection.query("""
            SELECT position FROM civicpulse.events WHERE event_id = ANY(\(BinaryArray(eventIDs)))
            """).map { try $0.decode(Int64.self, 0) }
    }
}

/// A log of events in memory, in log order.
struct MemoryMessageLog: MessageLog {
    let events: [LoggedEvent]

    func eventsAndCorrections(at positions: [Int64]) throws -> [LoggedEvent] {
        let positions = Set(positions)
        let ids = Set(events.filter { positions.contains($0.position) }.map(\.eventID))
        return events.filter { positions.contains($0.position) || $0.correction.map { ids.contains($0.eventID) } == true }
    }

    func positions(of eventIDs: [UUID]) throws -> [Int64] {
        let ids = Set(eventIDs)
        return events.filter { ids.contains($0.eventID) && $0.correction == nil }.map(\.position)
    }
}
