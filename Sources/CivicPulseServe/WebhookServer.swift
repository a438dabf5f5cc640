import Foundation
import Hummingbird
import Logging
import NIOCore

/// `civicpulse serve`: the routes on hummingbird, until SIGTERM or SIGINT.
///
/// On either signal the server stops taking connections and lets the requests it has finish:
/// each is waiting for its delivery's commit, so a delivery that got its 200 is in the log.
/// Then the worker commits what is left in its queue and the call returns.
public struct WebhookServer {
    public let settings: ServeSettings
    public let worker: IngestWorker
    public let gauges: GaugeReader

    public init(settings: ServeSettings, worker: IngestWorker, gauges: GaugeReader) {
        self.settings = settings
        self.worker = worker
        self.gauges = gauges
    }

    /// Serves until a signal stops it; `started` is called with the address once it listens.
    ///
    /// Blocking: the command line runs synchronously, and this is where it waits.
    public func run(started: @escaping @Sendable (String) -> Void) throws {
        let outcome = Outcome()
        let application = makeApplication { address in
            outcome.listened = true
            started(address)
        }
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                try await application.runService()
            } catch {
                outcome.error = error
            }
            finished.signal()
        }
        finished.wait()
        worker.finish()
        if let error = outcome.error as? IOError, !outcome.listened {
            throw ListenFailure(address: "\(settings.listen.host):\(settings.listen.port)", reason: String(cString: strerror(error.errnoCode)))
        }
        if let error = outcome.error { throw error }
    }

    private func makeApplication(started: @escaping @Sendable (String) -> Void) -> some ApplicationProtocol {
        let routes = WebhookRoutes(settings: settings, worker: worker, metrics: ServeMetrics(), gauges: gauges)
        let router = Router()
        router.get("webhooks/meta") { request, _ in routes.metaHandshake(request) }
        router.post("webhooks/meta") { request, _ in try await routes.metaDelivery(request) }
        router.get("webhooks/x") { request, _ in routes.xChallenge(request) }
        router.post("webhooks/x") { request, _ in try await routes.xDelivery(request) }
        router.get("healthz") { _, _ in await routes.health() }
        router.get("metrics") { _, _ in await routes.scrape() }
        // Hummingbird's own lines only when something is wrong: serve says itself where it
        // listens, and a line per request would fill the journal.
        var logger = Logger(label: "civicpulse-serve")
        logger.logLevel = .warning
        let listen = settings.listen
        return Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { _ in started("\(listen.host):\(listen.port)") },
            logger: logger
        )
    }

    /// Whether the server listened and how it ended, handed back to the waiting thread, which
    /// reads them only after the semaphore the server's task signals last.
    private final class Outcome: @unchecked Sendable {
        var listened = false
        var error: Error?
    }
}
