import Foundation
import Postgres

extension MessageKeys {
    /// The urgency `judge` finds in the text of each message `query` returns, by event id: the
    /// verdict its tombstone keeps once its key is destroyed. `query` returns each message's
    /// event id, key, sealed body, time and service, in that order.
    static func verdicts(_ query: Query, judge: Erasure.Judge, on connection: Connection) throws -> [UUID: Bool] {
        var verdicts: [UUID: Bool] = [:]
        for row in try connection.query(query) {
            let text = try row.decode(String?.self, 2).flatMap { MessageCipher.open($0, key: try row.decode(Data.self, 1)) }
            verdicts[try row.decode(UUID.self, 0)] = judge(text, try row.decode(Date.self, 3), try row.decode(String.self, 4))
        }
        return verdicts
    }
}
