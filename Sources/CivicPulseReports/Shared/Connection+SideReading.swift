import CivicPulseCore
import Postgres

extension Connection {
    /// Runs `side` on a second connection, opened by `open`, while `main` runs on this one; both
    /// read one snapshot, so what they read adds up whatever commits meanwhile. `main` is given
    /// a function that waits for `side`'s result.
    ///
    /// A report whose queries fall into two independent halves takes the time of the longer
    /// half instead of both: the server runs each connection on its own core.
    func readingBeside<Side, Result>(open: @escaping @Sendable () throws -> Connection,
                                     _ side: @escaping @Sendable (Connection) throws -> Side,
                                     _ main: (() throws -> Side) throws -> Result) throws -> Result {
        try exportingSnapshot { snapshot in
            let reading = Background {
                let other = try open()
                return try other.transaction(sharing: snapshot) { try side(other) }
            }
            return try main(reading.value)
        }
    }
}
