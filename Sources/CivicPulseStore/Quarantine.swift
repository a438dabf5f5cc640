import CivicPulseCore
import Foundation
import Postgres

/// Keeps records that could not become events, so nothing is dropped silently.
public enum Quarantine {
    /// Stores `rejections` in the caller's transaction; one already stored is not stored again.
    @discardableResult
    public static func store(_ rejections: [Rejection], on connection: Connection) throws -> Int {
        var stored = 0
        for rejection in rejections {
            stored += try connection.query("""
                INSERT INTO civicpulse.quarantine (source_file, record_index, record_path, record_id, field, reason, payload)
                VALUES (\(rejection.file), \(rejection.recordIndex), \(rejection.recordPath), \(rejection.recordID),
                        \(rejection.field), \(rejection.reason), \(rejection.payload))
                ON CONFLICT ON CONSTRAINT quarantine_once DO NOTHING
                """).affectedRows
        }
        return stored
    }

    public static func count(on connection: Connection) throws -> Int {
        try connection.query("SELECT count(*) FROM civicpulse.quarantine")[0].decode(Int.self, 0)
    }
}
