import ArgumentParser
import CivicPulseFetch
import CivicPulseIngest
import CivicPulsePrivacy
import CivicPulseServe
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Receive the platforms' webhooks over HTTP and append their events.",
            discussion: """
                POST /webhooks/meta takes Facebook Page deliveries signed with CIVICPULSE_META_APP_SECRET \
                (X-Hub-Signature-256); GET /webhooks/meta answers Meta's subscription handshake with \
                CIVICPULSE_META_VERIFY_TOKEN. /webhooks/x answers X's CRC and takes Account Activity \
                deliveries signed with CIVICPULSE_X_CONSUMER_SECRET. GET /healthz says whether the \
                database answers; GET /metrics gives Prometheus the deliveries, refusals and the \
                processor's lag (docs/serve.md). A route whose secret is unset answers 503, and serve says so at start.

                Each delivery is archived verbatim first (see --archive; `civicpulse ingest` reads the \
                archive back), then read as `civicpulse ingest` would and committed before it is answered \
                200: a wrong or missing signature is 403, a body over --max-body 413, a full queue or a \
                database that does not answer 503 with Retry-After, so the platform delivers it again. \
                A delivery made twice appends nothing the second time.

                Listens on loopback by default: put a reverse proxy in front for TLS (docs/serve.md). \
                SIGTERM or SIGINT: stops taking requests, finishes those under way, exits 0.
                """
        )

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "host:port"))
        var listen = "127.0.0.1:8080"

        @Option(name: .customLong("max-body"), help: ArgumentHelp("The largest delivery accepted, in bytes.", valueName: "bytes"))
        var maxBody = 1 << 20

        @Option(help: ArgumentHelp("How many deliveries may wait to be committed before more are answered 503.", valueName: "n"))
        var queue = 64

        @OptionGroup var archive: ArchiveOptions

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func validate() throws {
            if ListenAddress(listen) == nil {
                throw ValidationError("--listen takes host:port with a port from 1 to 65535, such as 127.0.0.1:8080 (got \(ArgumentCheck.shown(listen)))")
            }
            try ArgumentCheck.count(maxBody, "--max-body", in: 1...(64 << 20))
            try ArgumentCheck.count(queue, "--queue", in: 1...10_000)
        }

        func run() throws {
            let config = try pipeline.load()
            let environment = ProcessInfo.processInfo.environment
            let root = archive.root(config, home: db.homeURL)
            try ArgumentCheck.outputFolder(root, "--archive")
            let connection = try db.connectMigrating()
            let key = try ActorKey.forDatabase(on: connection, environment: environment, home: db.homeURL)
            let target = db.target
            let worker = IngestWorker(
                connection: connection,
                connect: { try target.connect() },
                reader: PayloadReader(config: config, hasher: .init(secret: key)),
                archive: ResponseArchive(root: URL(fileURLWithPath: root)),
                capacity: queue,
                report: { report in
                    // The server goes on serving when its log cannot be written; it says so on standard error.
                    do { try IngestSummary.write(report) } catch { printError("\(error)") }
                },
                notice: { printError($0) },
                erased: try ErasedMessages.honoured(ErasureRegister(home: db.homeURL), on: connection)
            )
            let settings = ServeSettings(listen: ListenAddress(listen)!, maxBody: maxBody, environment: environment)
            for line in settings.routesOff { printError(line) }
            try WebhookServer(settings: settings, worker: worker, gauges: GaugeReader(connect: { try target.connect() })).run { address in
                printError("serve: listening on http://\(address) (stop with SIGTERM or Ctrl-C)")
            }
            printError("serve: stopped; every delivery answered 200 is committed")
        }
    }
}
