import CivicPulseIngest
import Foundation
import Postgres

/// Walks a platform's endpoints page by page: each page archived verbatim (but for a secret it
/// quotes, ``PlatformClient/archivable(_:)``), then ingested through
/// the same reader and ingestor as `civicpulse ingest`, the walk's last page moving the cursor in
/// its own transaction.
public struct Fetcher {
    public let client: any PlatformClient
    public let transport: HTTPTransport
    public let archive: ResponseArchive
    public let ingestor: Ingestor
    public let policy: RetryPolicy
    /// Called before each request, for a progress line on a terminal.
    public var progress: (String) -> Void = { _ in }
    /// Called with a line when fetch waits for a rate limit, so a long pause is explained.
    public var notice: (String) -> Void = { _ in }

    /// How many rate-limit waits one request may take before its account stops: a window that
    /// stays shut after it said it would reset must not hold the run for ever.
    static let waitsPerRequest = 3

    public init(client: any PlatformClient, transport: HTTPTransport, archive: ResponseArchive, ingestor: Ingestor, policy: RetryPolicy) {
        self.client = client
        self.transport = transport
        self.archive = archive
        self.ingestor = ingestor
        self.policy = policy
    }

    /// Walks every target in order, handing each walk's report to `report` when it ends.
    ///
    /// An account that was stopped (a refused token, a rate limit too long to wait for) is not
    /// asked again in this run; the other accounts go on. A platform-wide stop (a used-up daily
    /// quota, a refused API key) leaves every later walk of the run unasked.
    public func run(_ targets: [FetchTarget], report: (WalkReport) throws -> Void) throws {
        var stoppedAccounts: Set<String> = []
        var platformStopped = false
        for var target in targets {
            if let lateQuery = target.lateQuery {
                guard let items = try lateQuery(ingestor.connection) else { continue }
                target.query += items
            }
            let before = try FetchCursors.load(platform: client.platform, account: target.account, endpoint: target.endpoint, on: ingestor.connection)
            var walkReport = WalkReport(account: target.account, endpoint: target.endpoint, cursorBefore: before)
            if platformStopped {
                walkReport.stop = Stop("not fetched: \(client.platform) stopped above", needsPerson: false)
            } else if stoppedAccounts.contains(target.account) {
                walkReport.stop = Stop("not fetched: the account stopped above", needsPerson: false)
            } else {
                switch try walk(target, into: &walkReport) {
                case .account?: stoppedAccounts.insert(target.account)
                case .platform?: platformStopped = true
                case .walk?, nil: break
                }
            }
            try report(walkReport)
        }
    }

    /// How far a stop reaches.
    enum Scope { case walk, account, platform }

    /// Walks one target to its end or to a stop; returns the stop's scope, if any.
    private func walk(_ target: FetchTarget, into report: inout WalkReport) throws -> Scope? {
        var walk = PageWalk(sinceID: report.cursorBefore)
        return try walkPages(of: target, walk: &walk, nested: false, into: &report)
    }

    /// Walks `target`'s pages from where `walk` stands. A nested walk (a thread's older messages)
    /// sends no `since`, moves no cursor and ends the same way, its pages counted in the report of
    /// the walk that found it; it runs before the page that named it is ingested, so a walk cut
    /// short is walked again whole and leaves no gap.
    private func walkPages(of target: FetchTarget, walk: inout PageWalk, nested: Bool, into report: inout WalkReport) throws -> Scope? {
        while true {
            progress("\(target.account) \(target.endpoint): page \(report.pages + 1)")
            let url = client.url(for: target, sinceID: nested ? nil : walk.sinceID, pageToken: walk.pageToken)
            let response: HTTPResponse
            switch try send(url, target: target) {
            case .success(let answer): response = answer
            case .failure(let stopped):
                report.stop = stopped.stop
                return stopped.scope
            }
            let path = try archive.store(client.archivable(response.body), platform: client.platform, account: target.archiveFolder,
                                         endpoint: target.endpoint, page: report.pages + 1, at: Date())
            report.pages += 1
            let step = client.meta(of: response.body).map { walk.received($0) }
            if !nested {
                for inner in client.nestedWalks(in: response.body, of: target) {
                    var innerWalk = PageWalk(sinceID: walk.sinceID, pageToken: inner.pageToken)
                    if let scope = try walkPages(of: inner.target, walk: &innerWalk, nested: true, into: &report) { return scope }
                }
            }
            // A walk that reached its end is a successful fetch: its time is recorded with the
            // last page, and the mark moves too when the walk found something new.
            var moveCursor: ((Connection) throws -> Void)?
            if !nested, case .finished(let cursor) = step {
                let moved = cursor == report.cursorBefore ? nil : cursor
                moveCursor = { connection in
                    try FetchCursors.save(moved, platform: client.platform, account: target.account, endpoint: target.endpoint, on: connection)
                }
            }
            let file = try ingestor.ingest(file: path, as: target.source, alsoInTransaction: moveCursor)
            report.appended += file.appended
            report.duplicates += file.duplicates
            report.quarantined += file.quarantined.count
            if let failure = file.failure {
                report.stop = Stop("\(path): not ingested: \(failure)", needsPerson: true)
                return .walk
            }
            if let error = file.platformErrors.first(where: \.isWholeResponse) {
                report.stop = Stop("\(error)", needsPerson: true)
                return .walk
            }
            switch step {
            case .next?:
                if let stopped = try pace(after: response, target: target) {
                    report.stop = stopped.stop
                    return stopped.scope
                }
            case .finished(let cursor)?:
                if !nested { report.cursorAfter = cursor }
                return nil
            case .repeatedToken(let token)?:
                report.stop = Stop("the API gave the pagination token \(token) twice; the walk stops rather than loop, and the cursor stays where it was", needsPerson: true)
                return .walk
            case .failed?, nil:
                report.stop = Stop("\(path): not a page of results", needsPerson: true)
                return .walk
            }
        }
    }

    struct Stopped: Error {
        let scope: Scope
        let stop: Stop
    }

    /// Sends one request until it gets a page, retrying 5xx answers and time-outs with jittered
    /// back-off and waiting out rate limits, within the policy's bounds.
    private func send(_ url: URL, target: FetchTarget) throws -> Result<HTTPResponse, Stopped> {
        var attempt = 0, waits = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try transport.get(url, headers: client.headers())
            } catch let failure as TransportFailure {
                guard attempt <= policy.maxRetries else {
                    return .failure(Stopped(scope: .walk, stop: Stop("\(failure) after \(policy.maxRetries) retries", needsPerson: true)))
                }
                sleep(policy.backoff(attempt: attempt, jitter: .random(in: 0...1)))
                continue
            }
            switch client.action(for: response, attempt: attempt, now: Date(), policy: policy, jitter: .random(in: 0...1)) {
            case .page:
                return .success(response)
            case .retry(let delay):
                sleep(delay)
            case .waitUntil(let time):
                waits += 1
                guard waits <= Self.waitsPerRequest else {
                    return .failure(Stopped(scope: .account, stop: Stop("still rate limited after \(Self.waitsPerRequest) waits for the window to reset", needsPerson: false)))
                }
                wait(until: time, target: target)
                attempt = 0
            case .stopAccount(let stop):
                return .failure(Stopped(scope: .account, stop: stop))
            case .stopWalk(let stop):
                return .failure(Stopped(scope: .walk, stop: stop))
            case .stopPlatform(let stop):
                return .failure(Stopped(scope: .platform, stop: stop))
            }
        }
    }

    /// After a page with more to come: waits when the rate-limit window is used up.
    private func pace(after response: HTTPResponse, target: FetchTarget) throws -> Stopped? {
        switch client.pace(after: response, now: Date(), policy: policy) {
        case .waitUntil(let time):
            wait(until: time, target: target)
            return nil
        case .stopAccount(let stop):
            return Stopped(scope: .account, stop: stop)
        case .stopPlatform(let stop):
            return Stopped(scope: .platform, stop: stop)
        default:
            return nil
        }
    }

    private func wait(until time: Date, target: FetchTarget) {
        notice("\(target.account) \(target.endpoint): rate limited; waiting until \(PlatformClock.iso(time))")
        Thread.sleep(until: time)
    }

    private func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }
}
