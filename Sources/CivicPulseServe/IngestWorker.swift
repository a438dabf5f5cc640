import CivicPulseFetch
import CivicPulseIngest
import CivicPulsePrivacy
import CivicPulseReports
import Foundation
import Postgres

/// Two threads in a row: one archives each delivery and reads it through the same readers as
/// `civicpulse ingest`; the other, the one that touches the database, commits what the first
/// handed it, then answers the requests waiting for it.
///
/// libpq connections are not thread-safe, and its calls block: so one connection, owned by a
/// thread of its own rather than by tasks on Swift's small shared pool, which the server's
/// requests need. Deliveries that arrive while the threads are busy wait in a bounded queue
/// and are taken together (group commit): one flush of the archive's files, one read-ahead
/// pipeline and one of each statement for all of them instead of one each. The archive's
/// flushes wait for the disk and the commit for the server, so the next group is archived and
/// read while this one commits: one after the other, each delivery waited for both (release
/// build, 1,000 deliveries/s offered: a group of 7 on average spent 9.1 ms archiving, 3.7 ms
/// reading and 6.2 ms committing; docs/performance.md).
/// A full queue refuses at once, for the platform to deliver again later, so a burst costs
/// memory no larger than the queue and two groups (``largestGroup``) times the largest body.
public final class IngestWorker: @unchecked Sendable {
    // Everything below `lock` is read and written only under it; the connection only on the
    // committing thread, the archive only on the archiving thread. The reader is `Sendable`:
    // the committing thread reads a delivery again when it retries it alone.
    private let lock = NSCondition()
    private var waiting: [Job] = []
    /// The group archived and read, until the committing thread takes it.
    private var archivedGroup: ArchivedGroup?
    private var stopping = false
    private var stopped = false
    /// Set once the archiving thread has handed over its last group.
    private var archivingEnded = false

    private let capacity: Int
    private let reader: PayloadReader
    /// What the erasure register says must not come back, read as serve starts (``ErasedMessages``).
    private let erased: ErasedMessages
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

    /// Starts the worker's threads.
    ///
    /// - Parameters:
    ///   - connection: the connection to start with, already migrated.
    ///   - connect: a new connection once that one is lost (the server restarted, a network cut).
    ///   - capacity: the most deliveries that may wait; one more is refused as ``DeliveryOutcome/queueFull``.
    ///   - report: called on the committing thread with each committed delivery's report.
    ///   - notice: a line for the log when deliveries could not be committed or archived.
    ///   - erased: what the erasure register says must not come back.
    public init(connection: Connection, connect: @escaping @Sendable () throws -> Connection, reader: PayloadReader,
                archive: ResponseArchive, capacity: Int, report: @escaping @Sendable (FileReport) -> Void,
                notice: @escaping @Sendable (String) -> Void, erased: ErasedMessages = .none) {
        self.connection = connection
        self.connect = connect
        self.reader = reader
        self.erased = erased
        self.archive = archive
        self.capacity = capacity
        self.report = report
        self.notice = notice
        let archiving = Thread { [self] in archiveGroups() }
        archiving.name = "civicpulse-archive"
        archiving.start()
        let committing = Thread { [self] in commitGroups() }
        committing.name = "civicpulse-ingest"
        committing.start()
    }

    /// Archives, reads and commits `body`; returns once its events are committed, or why not.
    public func deliver(_ body: Data, from platform: WebhookPlatform) async -> DeliveryOutcome {
        await withCheckedContinuation { continuation in
            lock.lock()
            defer { lock.unlock() }
            if stopped { return continuation.resume(returning: .databaseDown) }
            guard waiting.count < capacity else { return continuation.resume(returning: .queueFull) }
            waiting.append(.delivery(body, platform, continuation))
            lock.broadcast()
        }
    }

    /// Asks the database, in turn with the deliveries, whether it answers.
    public func health() async -> HealthReading {
        await withCheckedContinuation { continuation in
            lock.lock()
            defer { lock.unlock() }
            if stopped { return continuation.resume(returning: .databaseDown) }
            waiting.append(.health(continuation))
            lock.broadcast()
        }
    }

    /// Commits what is queued, then ends the threads; returns when they have ended. Called once
    /// the server has stopped taking requests, so every delivery it acknowledged is committed.
    public func finish() {
        lock.lock()
        stopping = true
        lock.broadcast()
        lock.unlock()
        done.wait()
    }

    /// A group as the archiving thread hands it over: the health checks that came with it, and
    /// its deliveries archived and read, by platform.
    private struct ArchivedGroup {
        var health: [CheckedContinuation<HealthReading, Never>] = []
        var platforms: [(platform: WebhookPlatform, deliveries: [Stored], read: Result<GroupAppend, Error>)] = []
    }

    /// A delivery in the archive, waiting for its commit.
    private struct Stored {
        let path: String
        let answer: CheckedContinuation<DeliveryOutcome, Never>
    }

    /// The archiving thread: archives and reads each group and hands it to the committing thread.
    private func archiveGroups() {
        while let jobs = nextJobs() {
            var group = ArchivedGroup()
            var received: [(body: Data, platform: WebhookPlatform, answer: CheckedContinuation<DeliveryOutcome, Never>)] = []
            for job in jobs {
                switch job {
                case .health(let answer): group.health.append(answer)
                case .delivery(let body, let platform, let answer): received.append((body, platform, answer))
                }
            }
            var deliveries: [(platform: WebhookPlatform, stored: Stored)] = []
            for (delivery, path) in zip(received, store(received.map { ($0.body, $0.platform) })) {
                guard let path else {
                    delivery.answer.resume(returning: .notArchived)
                    continue
                }
                deliveries.append((delivery.platform, Stored(path: path, answer: delivery.answer)))
            }
            for platform in WebhookPlatform.allCases {
                let stored = deliveries.filter { $0.platform == platform }.map(\.stored)
                guard !stored.isEmpty else { continue }
                let read = Result { try GroupAppend(files: stored.map(\.path), reader: reader, as: platform.source, erased: erased) }
                group.platforms.append((platform, stored, read))
            }
            lock.lock()
            archivedGroup = group // empty: ``nextJobs()`` waited for that
            lock.broadcast()
            lock.unlock()
        }
        lock.lock()
        archivingEnded = true
        lock.broadcast()
        lock.unlock()
    }

    /// The committing thread: commits each group the archiving thread hands over and answers
    /// its requests, until that thread has ended and nothing is left.
    private func commitGroups() {
        while let group = nextArchivedGroup() {
            for answer in group.health { answer.resume(returning: reading()) }
            for (platform, deliveries, read) in group.platforms {
                let reports = commit(read, files: deliveries.map(\.path), as: platform)
                for delivery in deliveries {
                    delivery.answer.resume(returning: reports[delivery.path].map(DeliveryOutcome.committed) ?? .databaseDown)
                }
            }
        }
        done.signal()
    }

    /// The jobs waiting, at most ``largestGroup`` of them, once there is one and the committing
    /// thread has taken the group before; nil once stopping with none left. Deliveries wait in
    /// the queue meanwhile, where they count against its capacity and join the next group.
    private func nextJobs() -> [Job]? {
        lock.lock()
        defer { lock.unlock() }
        while waiting.isEmpty && !stopping || archivedGroup != nil { lock.wait() }
        guard !waiting.isEmpty else {
            stopped = true
            return nil
        }
        let taken = Array(waiting.prefix(Self.largestGroup))
        waiting.removeFirst(taken.count)
        return taken
    }

    /// The group the archiving thread handed over, once there is one; nil once it has ended
    /// with none left.
    private func nextArchivedGroup() -> ArchivedGroup? {
        lock.lock()
        defer { lock.unlock() }
        while archivedGroup == nil, !archivingEnded { lock.wait() }
        defer { archivedGroup = nil; lock.broadcast() }
        return archivedGroup
    }

    /// Writes the bodies to the archive, each flushed to disk and then the folders they are in,
    /// before anything reads them; the path of each, or nil for one that could not be written.
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
        var stored = paths.values
        let folders = stored.map { $0.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } }
        for folder in Set(folders.compactMap { $0 }) {
            do {
                try archive.flushFolder(folder)
            } catch {
                notice("deliveries answered 503, not archived: \(ServeFailure(error))")
                for index in stored.indices where folders[index] == folder { stored[index] = nil }
            }
        }
        return stored
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

    /// Commits a group read through the readers of `civicpulse ingest`, all in one transaction;
    /// its files' reports once committed, or none.
    ///
    /// When the database refuses the group while still answering, each file is read and tried
    /// again on its own: one delivery it refuses must not hold back those that came with it,
    /// every time the platform sends them again.
    private func commit(_ read: Result<GroupAppend, Error>, files: [String], as platform: WebhookPlatform) -> [String: FileReport] {
        var reports: [String: FileReport] = [:]
        do {
            let ingestor = Ingestor(reader: reader, connection: try usableConnection())
            try ingestor.ingestTogether(try read.get()) { file in
                reports[file.file] = file
                report(file)
            }
        } catch {
            if connection?.isConnected != true { connection = nil }
            if files.count > 1, connection != nil {
                for file in files {
                    reports.merge(commit(Result { try GroupAppend(files: [file], reader: reader, as: platform.source, erased: erased) }, files: [file], as: platform)) { $1 }
                }
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
