import Foundation
import Postgres

/// How far the data goes: the newest message time the processor has seen for an org (the spike
/// detector's watermark, docs/emergencies.md). Spikes are judged up to here, so after it a spike
/// that is open is open for want of data, and an hour with no count is not known to be quiet.
enum NewestMessage {
    /// Nil when no message has been processed.
    static func time(org: String, on connection: Connection) throws -> Date? {
        try connection.query("SELECT watermark FROM projections.spike_detector WHERE org = \(org)")
            .first.flatMap { try $0.decode(Date?.self, 0) }
    }
}
