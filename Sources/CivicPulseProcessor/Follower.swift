import CivicPulseCore
import Foundation
import Postgres

/// `process --follow` as the daemon it is: follows the log and, when the server goes away (a
/// restart, a failover, a network cut), says so once, connects again with backoff, listens
/// again and goes on from the checkpoint. The checkpoint moved only with the batches that
/// committed, so nothing is skipped or taken twice. An error a person must fix (credentials, a
/// database or schema that is not there) ends it, as it would any command.
public struct Follower {
    /// Each council's pipeline (`Processor.councils`).
    public let councils: Councils
    public let batchSize: Int
    /// Opens a new connection to the same database.
    public let connect: () throws -> Connection
    public var backoff = ReconnectBackoff()
    /// How long a follower waits for a notification before it looks at the log anyway.
    public var idleTimeout: Double = 5

    public init(councils: Councils, batchSize: Int, connect: @escaping () throws -> Connection) {
        self.councils = councils
        self.batchSize = batchSize
        self.connect = connect
    }

    /// Runs `first` (the catch-up or rebuild that starts a run), then follows until `shouldStop`
    /// says so, starting on `connection`. When the server goes away during `first`, what it
    /// committed stays and following takes up from there (a rebuild's replay position included).
    ///
    /// - Parameters:
    ///   - onFollowing: called as following (re)starts, once `first` is done: a catch-up is stopped
    ///     by killing it, which loses nothing, while a follower is asked to stop.
    ///   - wakeOn: a descriptor that, once readable, ends a wait early (a stop was asked for).
    ///   - onBatch: called with the number of events of each batch processed.
    ///   - say: one line for the person running it: the connection lost, and back.
    public func run(on connection: Connection, first: () throws -> Void = {}, onFollowing: () -> Void = {}, wakeOn: Int32? = nil,
                    shouldStop: () -> Bool, onBatch: (Int) -> Void, say: (String) -> Void) throws {
        var current: Connection? = connection
        var lostAt: Date?
        var delays = backoff
        var started = false
        while !shouldStop() {
            do {
                if !started {
                    started = true
                    try first()
                }
                let connection = try current ?? connect()
                current = connection
                if let since = lostAt {
                    say("reconnected to the database after \(String(format: "%.1f", Date().timeIntervalSince(since))) s; following again from the checkpoint")
                    lostAt = nil
                    delays = backoff
                }
                let processor = Processor(connection: connection, councils: councils, batchSize: batchSize)
                onFollowing()
                try processor.follow(idleTimeout: idleTimeout, wakeOn: wakeOn, shouldStop: shouldStop, onBatch: onBatch)
                return
            } catch let error as PostgresError where error.isServerGone || current?.isConnected == false {
                current = nil
                if lostAt == nil {
                    lostAt = Date()
                    say("lost the connection to the database (\(error)); reconnecting")
                }
                pause(delays.next(), wakeOn: wakeOn)
            }
        }
    }

    /// Sleeps `seconds`, or less if `wakeOn` becomes readable.
    private func pause(_ seconds: Double, wakeOn: Int32?) {
        var descriptors = wakeOn.map { [pollfd(fd: $0, events: Int16(POLLIN), revents: 0)] } ?? []
        _ = poll(&descriptors, nfds_t(descriptors.count), Int32(seconds * 1000))
    }
}
