import CivicPulsePrivacy
import CivicPulseReadModel
import Postgres

extension ErasedLinks {
    /// Clears the links a batch has just written for messages whose key is gone by now: erased
    /// after the batch read them (``ErasureLock`` says why this closes the race). One query for
    /// the batch, two more only when something was erased; none when no event brought a link.
    static func clear(_ events: [LoggedEvent], on connection: Connection) throws {
        let linked = events.filter { $0.url != nil }
        guard !linked.isEmpty else { return }
        let erased = try MessageKeys.erased(among: linked.map(\.eventID), on: connection)
        // A correction's link is the corrected message's: its row is the corrected message's.
        let rows = linked.filter { erased.contains($0.eventID) }.map { $0.corrected?.eventID ?? $0.eventID }
        _ = try clear(rows, on: connection)
    }
}
