import Foundation
import Postgres

/// Reads ``DatabaseGauges`` for `/metrics` on a connection and a thread of its own, so a scrape
/// never waits behind a delivery's commit, nor a delivery behind a scrape.
///
/// libpq's calls block, so they run on a dispatch queue rather than on the tasks that answer
/// requests. A scrape waits at most `within` seconds and then answers without the database's
/// gauges: a database that hangs must not hang the scraper, and Prometheus would rather see
/// `civicpulse_database_up 0` on time than nothing. Scrapes that come while a reading is under
/// way share it instead of queueing more behind a hung connection.
public final class GaugeReader: @unchecked Sendable {
    private let queue = DispatchQueue(label: "civicpulse-metrics")
    private let connect: @Sendable () throws -> Connection
    /// Only on `queue`.
    private var connection: Connection?
    // Under `lock`.
    private let lock = NSLock()
    private var waiting: [Answer] = []
    private var reading = false

    /// - Parameter connect: a new connection, once at the first scrape and again once it is lost.
    public init(connect: @escaping @Sendable () throws -> Connection) {
        self.connect = connect
    }

    /// The gauges as the database stands, or nil when it did not answer within `timeout` seconds.
    func read(within timeout: Double) async -> DatabaseGauges? {
        await withCheckedContinuation { continuation in
            let answer = Answer(continuation)
            lock.withLock {
                waiting.append(answer)
                if !reading {
                    reading = true
                    queue.async { self.readForWaiting() }
                }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { answer.resume(with: nil) }
        }
    }

    private func readForWaiting() {
        let gauges = readOnce()
        let answers = lock.withLock {
            defer {
                waiting = []
                reading = false
            }
            return waiting
        }
        for answer in answers { answer.resume(with: gauges) }
    }

    private func readOnce() -> DatabaseGauges? {
        do {
            return try DatabaseGauges.read(on: try usableConnection())
        } catch {
            if connection?.isConnected != true { connection = nil }
            return nil
        }
    }

    /// The connection, or a new one: read-only, and each statement cut off by the server after
    /// a second, so a lock or a slow plan cannot hold the metrics thread.
    private func usableConnection() throws -> Connection {
        if let connection, connection.isConnected { return connection }
        connection = nil
        let fresh = try connect()
        try fresh.execute("SET default_transaction_read_only = on; SET statement_timeout = '1s'")
        connection = fresh
        return fresh
    }

    /// A scrape's continuation, resumed once: by the reading or by the timeout, whichever is first.
    private final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<DatabaseGauges?, Never>?

        init(_ continuation: CheckedContinuation<DatabaseGauges?, Never>) {
            self.continuation = continuation
        }

        func resume(with gauges: DatabaseGauges?) {
            lock.withLock {
                continuation?.resume(returning: gauges)
                continuation = nil
            }
        }
    }
}
