import CivicPulsePrivacy
import Foundation
import Postgres

/// Each event's text as the processor reads it, by event id (lowercase): a resident's message is
/// sealed in the log (docs/privacy.md), so a test reads it through its key, not the `body` column.
func openedBodies(on connection: Connection) throws -> [String: String?] {
    var bodies: [String: String?] = [:]
    for row in try connection.query("""
        SELECT event_id::text, body, url, \(unescaped: MessageKeys.readColumns)
        FROM civicpulse.events \(unescaped: MessageKeys.readJoin)
        """) {
        bodies[try row.decode(String.self, 0)] = OpenedMessage(
            body: try row.decode(String?.self, 1), url: try row.decode(String?.self, 2), keyed: try row.decode(Bool.self, 3),
            key: try row.decode(Data?.self, 4), keywordUrgent: try row.decode(Bool?.self, 5)).text
    }
    return bodies
}
