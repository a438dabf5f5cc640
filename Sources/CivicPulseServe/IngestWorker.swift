import CivicPulseFetch
import CivicPulseIngest
import CivicPulseReports
import Foundation
import Postgres

/// The one thread that touches the database: it archives each delivery, reads it through the
/// same readers as `civicpulse ingest` and commits it, then answers the request waiting for it.
///
/// libpq connections are not thread-safe, and its calls block: so one connection, owned by a
/// thread of its own rather than by tasks on Swift's small shared pool, which the server's
/// requests need. Deliveries that arrive while it is busy wait in a bounded queue and are
/// taken together (group commit): one read-ahead pipeline for all of them instead of one each.
/// A full queue refuses at once, for the platform to deliver again later, so a burst costs
/// memory no larger than the queue times the largest body.
public final class IngestWorker: @unchecked Sendable {
    // Everything below `lock` is read and written only under it; the connection, the reader and
    // the archive only on the worker's thread.
    private let lock = NSCondition()
    private var waiting: [Job] = []
    private var stopping = false
    private var stopped = false

    private let capacity: Int
    private let reader: PayloadReader
    private let archive: ResponseArchive
    private let connect: @Sendable () throws -> Connection
    private var connection: Connection?
    private var archived = 0
    private let report: @Sendable (FileReport) -> Void
    private let notice: @Sendable (String) -> Void
    private let done = DispatchSemaphore(value: 0)

    /// The most deliveries committed together: more would keep the first waiting for the last.
    static let largestGroup = 64

    private enum Job {
        case delivery(Data, WebhookPlatform, CheckedContinuation<DeliveryOutcome, Never>)
        case health(CheckedContinuation<HealthReading, Never>)
    }

    /// Starts the worker's thread.
    ///
    /// - Parameters:
    ///   - connection: the connection to start with, already migrated.
    ///   - connect: a new connection once that one is lost (the server restarted, a network cut).
    ///   - capacity: the most deliveries that may wait; one more is refused as ``DeliveryOutcome/queueFull``.
    ///   - report: called on the worker's thread with each committed delivery's report.
    ///   - notice: a line for the log when deliveries could not be committed or archived.
    public init(connection: Connection, connect: @escaping @Sendable () throws -> Connection, reader: PayloadReader,
                archive: ResponseArchive, capacity: Int, report: @escaping @Sendable (FileReport) -> Void,
                notice: @escaping @Sendable (String) -> Void) {
        self.connection = connection
        self.connect = connect
        self.reader = reader
        self.archive = archive
        self.capacity = capacity
        self.report = report
        self.notice = notice
        let thread = Thread { [self] in run() }
        thread.name = "civicpulse-ingest"
        thread.start()
    }

    /// Archives, reads and commits `body`; returns once its events are committed, or why not.
    public func deliver(_ body: Data, from platform: WebhookPlatform) async -> DeliveryOutcome {
        await withCheckedContinuation { continuation in
            lock.lock()
            defer { lock.unlock() }
            if stopped { return continuation.resume(returning: .databaseDown) }
            guard waiting.count < capacity else { return continuation.resume(returning: .queueFull) }
            waiting.append(.delivery(body, platform, continuation))
            lock.signal()
        }
    }

    /// Asks the database, in turn with the deliveries, whether it answers.
    public func health() async -> HealthReading {
        await withCheckedContinuation { continuation in
            lock.lock()
            defer { lock.unlock() }
            if stopped { return continuation.resume(returning: .databaseDown) }
            waiting.append(.health(continuation))
            lock.signal()
        }
    }

    /// Commits what is queued, then ends the thread; returns when it has ended. Called once the
    /// server has stopped taking requests, so every delivery it acknowledged is committed.
    public func finish() {
        lock.lock()
        stopping = true
        lock.signal()
        lock.unlock()
        done.wait()
    }

    private func run() {
        while let jobs = nextJobs() {
            var received: [(body: Data, platform: WebhookPlatform, answer: CheckedContinuation<DeliveryOutcome, Never>)] = []
            for job in jobs {
                switch job {
                case .health(let answer):
                    answer.resume(returning: reading())
                case .delivery(let body, let platform, let answer):
                    received.append((body, platform, answer))
                }
            }
            var deliveries: [Stored] = []
            for (delivery, path) in zip(received, store(received.map { ($0.body, $0.platform) })) {
                guard let path else {
                    delivery.answer.resume(returning: .notArchived)
                    continue
                }
                deliveries.append(Stored(path: path, platform: delivery.platform, answer: delivery.answer))
            }
            for platform in WebhookPlatform.allCases {
                let group = deliveries.filter { $0.platform == platform }
                guard !group.isEmpty else { continue }
                let reports = commit(group.map(\.path), as: platform)
                for delivery in group {
                    delivery.answer.resume(returning: reports[delivery.path].map(DeliveryOutcome.committed) ?? .databaseDown)
                }
            }
        }
        done.signal()
    }

    /// A delivery in the archive, waiting for its commit.
    private struct Stored {
        let path: String
        let platform: WebhookPlatform
        let answer: CheckedContinuation<DeliveryOutcome, Never>
    }

    /// The jobs waiting, at most ``largestGroup`` of them, once there is one; nil once stopping
    /// with none left.
    private func nextJobs() -> [Job]? {
        lock.lock()
        defer { lock.unlock() }
        while waiting.isEmpty, !stopping { lock.wait() }
        guard !waiting.isEmpty else {
            stopped = true
            return nil
        }
        let taken = Array(waiting.prefix(Self.largestGroup))
        waiting.removeFirst(taken.count)
        return taken
    }

    /// Writes the bodies to the archive, each flushed to disk, before anything reads them; the
    /// path of each, or nil for one that could not be written.
    ///
    /// The flushes run at once, on up to ``archiveThreads`` threads: each waits for the disk,
    /// and the file system commits flushes that wait together in one journal write. On the
    /// bench's machine a flushed 600-byte file took 7.4 ms one after the other and 0.67 ms a
    /// file 16 at once: one after the other, a group of 64 waited half a second for its files.
    private func store(_ bodies: [(Data, WebhookPlatform)]) -> [String?] {
        let first = archived + 1
        archived += bodies.count
        let paths = ArchivedPaths(count: bodies.count)
        let threads = min(bodies.count, Self.archiveThreads)
        let finished = DispatchGroup()
        for lane in 0..<threads {
            finished.enter()
            Thread { [archive, notice] in
                for index in stride(from: lane, to: bodies.count, by: threads) {
                    let (body, platform) = bodies[index]
                    do {
                        paths[index] = try archive.store(body, platform: platform.archiveFolder, account: "webhooks", endpoint: "webhook",
                                                         page: first + index, at: Date())
                    } catch {
                        notice("a delivery answered 503, not archived: \(ServeFailure(error))")
                    }
                }
                finished.leave()
            }.start()
        }
        finished.wait()
        return paths.values
    }

    /// The most archive writes flushed at once.
    static let archiveThreads = 16

    /// The paths the archive threads write, each its own slots.
    private final class ArchivedPaths: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String?]

        init(count: Int) {
            paths = Array(repeating: nil, count: count)
        }

        subscript(index: Int) -> String? {
            get { lock.withLock { paths[index] } }
            set { lock.withLock { paths[index] = newValue } }
        }

        var values: [String?] { lock.withLock { paths } }
    }

    /// Ingests the archived files through the readers of `civicpulse ingest`, all in one
    /// transaction; their reports by file once committed, or none.
    ///
    /// When the database refuses the group while still answering, each file is tried again on
    /// its own: one delivery it refuses must not hold back those that came with it, every time
    /// the platform sends them again.
    private func commit(_ files: [String], as platform: WebhookPlatform) -> [String: FileReport] {
        var reports: [String: FileReport] = [:]
        do {
            let ingestor = Ingestor(reader: reader, connection: try usableConnection())
            try ingestor.ingestTogether(files: files, as: platform.source) { file in
                reports[file.file] = file
                report(file)
            }
        } catch {
            if connection?.isConnected != true { connection = nil }
            if files.count > 1, connection != nil {
                for file in files { reports.merge(commit([file], as: platform)) { $1 } }
                return reports
            }
            notice("\(files.count) \(files.count == 1 ? "delivery" : "deliveries") answered 503, archived but not committed: \(ServeFailure(error))")
        }
        return reports
    }

    private func reading() -> HealthReading {
        do {
            return .ok(unprocessedEvents: try UnprocessedEvents.count(on: try usableConnection()))
        } catch {
            if connection?.isConnected != true { connection = nil }
            return .databaseDown
        }
    }

    /// The connection, or a new one when it was lost.
    private func usableConnection() throws -> Connection {
        if let connection, connection.isConnected { return connection }
        connection = nil
        let fresh = try connect()
        connection = fresh
        return fresh
    }
}
