import ArgumentParser
import CivicPulseCore
import CivicPulseFetch
import CivicPulseIngest
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the pipeline's accounts and listening topics from the platforms' APIs.",
            discussion: """
                X (Twitter) API v2: each twitter account's mentions and own tweets, and a recent search \
                per listening topic. YouTube Data API v3 (--platform youtube): each youtube account's \
                comment threads with their replies, its channel statistics, and the statistics of its \
                videos the log knows. Every page is archived verbatim first (see --archive; \
                `civicpulse ingest` reads the archive back), then ingested as `civicpulse ingest` would. \
                The cursor of each account's endpoint moves, with the events of the walk's last page, only \
                when a walk reaches its end: a fetch stopped at any point resumes with no gap and no \
                duplicate.

                Credentials: CIVICPULSE_X_BEARER_TOKEN or CIVICPULSE_YOUTUBE_API_KEY in the environment, \
                else in the credentials file the pipeline names (fetch: credentials:), which must be \
                readable by its owner only. CIVICPULSE_X_API_BASE overrides https://api.x.com, \
                CIVICPULSE_YOUTUBE_API_BASE https://www.googleapis.com. See docs/connect-your-accounts.md.

                Exit status: 0 when everything was fetched (an account left for the next run by a rate \
                limit, or YouTube's daily quota, included); 1 when something needs a person: a refused \
                token or key, persistent failures, a page that could not be read, records quarantined, a \
                repeated pagination token, an account without its platform id, or missing or unsafe \
                credentials; 64 for a bad argument.
                """
        )

        @Option(help: ArgumentHelp("The platform to fetch: twitter or youtube (facebook is not supported yet).", valueName: "platform"))
        var platform = "twitter"

        @Option(help: ArgumentHelp("Fetch only this account of the pipeline (no topic searches).", valueName: "id"))
        var account: String?

        @Flag(help: "Fetch once and exit (the default).")
        var once = false

        @Option(help: ArgumentHelp("Fetch again after this long, until stopped: 90s, 2m, 1h.", valueName: "interval"))
        var every: String?

        @Option(help: ArgumentHelp("Archive folder. Default: the pipeline's fetch: archive:, else <home>/archive.", valueName: "dir"))
        var archive: String?

        @Option(name: .customLong("max-wait"), help: ArgumentHelp("The longest wait for a rate-limit window to reset; longer stops the account until the next run.", valueName: "duration"))
        var maxWait = "15m"

        @Option(help: ArgumentHelp("How long one request may take before it is retried.", valueName: "duration"))
        var timeout = "30s"

        @Option(help: ArgumentHelp("Retries of a request after a 5xx answer or a time-out.", valueName: "n"))
        var retries = 3

        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        static let platforms = ["twitter", "facebook", "youtube"]

        func validate() throws {
            if once, every != nil { throw ValidationError("--once and --every exclude each other") }
            if let every, (FetchInterval(every)?.seconds ?? 0) < 1 { throw ValidationError("--every takes a duration such as 2m (got '\(every)')") }
            if FetchInterval(maxWait) == nil { throw ValidationError("--max-wait takes a duration such as 15m (got '\(maxWait)')") }
            if (FetchInterval(timeout)?.seconds ?? 0) < 1 { throw ValidationError("--timeout takes a duration such as 30s (got '\(timeout)')") }
            if retries < 0 { throw ValidationError("--retries must be 0 or more (got \(retries))") }
        }

        func run() throws {
            guard Self.platforms.contains(platform) else {
                throw ValidationError("unknown platform \(ArgumentCheck.shown(platform)) (platforms: \(Self.platforms.joined(separator: ", ")))")
            }
            guard platform != "facebook" else {
                throw ValidationError("fetch --platform facebook is not supported yet: twitter (X API v2) and youtube (YouTube Data API v3) can be fetched for now")
            }
            let config = try pipeline.load()
            let environment = ProcessInfo.processInfo.environment
            if let account, !config.accounts.contains(where: { $0.id == account && $0.platform == platform }) {
                let known = config.accounts.filter { $0.platform == platform }.map(\.id).joined(separator: ", ")
                throw ValidationError("unknown \(platform) account \(ArgumentCheck.shown(account)) in \(config.file) (\(platform) accounts: \(known))")
            }
            let secret: BearerToken
            do {
                let credentials = try Credentials.load(environment: environment, file: config.fetch.credentials)
                secret = try platform == "youtube" ? credentials.youtubeKey() : credentials.xToken()
            } catch let error as FetchError {
                printError("Error: \(error)")
                throw ExitCode.failure
            }
            let connection = try db.connectMigrated(creating: true)
            let key = try ActorKey.forDatabase(on: connection, environment: environment, home: db.homeURL)
            let transport = HTTPTransport(timeout: FetchInterval(timeout)!.duration)
            defer { transport.shutdown() }
            let root = archive ?? config.fetch.archive ?? db.homeURL.appendingPathComponent("archive").path
            let client: any PlatformClient
            if platform == "youtube" {
                client = YouTubeClient(environment: environment, key: secret)
            } else {
                client = XClient(environment: environment, token: secret)
            }
            var fetcher = Fetcher(
                client: client, transport: transport,
                archive: ResponseArchive(root: URL(fileURLWithPath: root)),
                ingestor: Ingestor(reader: PayloadReader(config: config, hasher: .init(secret: key)), connection: connection),
                policy: RetryPolicy(maxRetries: retries, maxRateLimitWait: FetchInterval(maxWait)!.duration)
            )
            let progress = ProgressLine()
            fetcher.progress = progress.show
            fetcher.notice = { progress.clear(); printError($0) }
            let targets = fetcher.client.targets(in: config, account: account)
            // An account known only by its handle cannot be asked for: the endpoints take the platform's id.
            let unfetchable = config.accounts.filter { $0.platform == platform && $0.platformID == nil && (account == nil || $0.id == account) }
            while true {
                var attention = !unfetchable.isEmpty
                for skipped in unfetchable {
                    printError("\(skipped.id): not fetched: \(client.accountIDNeed) (id: in \(config.file))")
                }
                try fetcher.run(targets) { report in
                    progress.clear()
                    // Written at once, not buffered: under --every a line must not wait for the next round.
                    FileHandle.standardOutput.write(Data((report.line + "\n").utf8))
                    attention = attention || report.needsPerson
                }
                guard let every else {
                    if attention { throw ExitCode.failure }
                    return
                }
                Thread.sleep(forTimeInterval: Double(FetchInterval(every)!.seconds))
            }
        }
    }
}

/// One line on standard error, rewritten in place, shown only on a terminal: piped or under a
/// timer it would fill the log with lines nobody reads.
struct ProgressLine {
    let enabled = isatty(STDERR_FILENO) == 1

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)…".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
