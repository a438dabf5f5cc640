import ArgumentParser
import CivicPulseCore
import CivicPulseFetch
import CivicPulseIngest
import CivicPulsePrivacy
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch the pipeline's accounts and listening topics from the platforms' APIs.",
            discussion: """
                X (Twitter) API v2 (--platform twitter): each twitter account's mentions and own tweets, \
                and a recent search per listening topic. Graph API (--platform facebook): each facebook \
                Page's feed (its posts and others', with comments and replies), visitor posts, Messenger \
                conversations with their messages, and Page Insights (day, week, 28 days). YouTube Data \
                API v3 (--platform youtube): each youtube account's comment threads with their replies, \
                its channel statistics, and the statistics of its videos the log knows. Without \
                --platform: X, and Facebook and YouTube when the pipeline has accounts there and their \
                credentials are set (with --account: that account's platform). Every page is archived \
                verbatim first (see --archive; `civicpulse ingest` reads the archive back), then \
                ingested as `civicpulse ingest` would. The cursor of each account's endpoint moves, with \
                the events of the walk's last page, only when a walk reaches its end: a fetch stopped at \
                any point resumes with no gap and no duplicate.

                Credentials: CIVICPULSE_X_BEARER_TOKEN, CIVICPULSE_META_PAGE_TOKENS (<page id>=<Page \
                token>,…) with CIVICPULSE_META_APP_SECRET when the Meta app requires appsecret_proof, or \
                CIVICPULSE_YOUTUBE_API_KEY in the environment, else in the credentials file the pipeline \
                names (fetch: credentials:), which must be readable by its owner only. \
                CIVICPULSE_X_API_BASE overrides https://api.x.com, CIVICPULSE_GRAPH_API_BASE \
                https://graph.facebook.com, CIVICPULSE_YOUTUBE_API_BASE https://www.googleapis.com. See \
                docs/connect-your-accounts.md.

                Exit status: 0 when everything was fetched (an account left for the next run by a rate \
                limit, Facebook's throttling or YouTube's daily quota, included); 1 when something needs \
                a person: a refused or expired token or key (the other accounts go on), persistent \
                failures, a page that could not be read, records quarantined, a repeated pagination \
                token, an account without its platform id, a Facebook Page without its token, or missing \
                or unsafe credentials; 64 for a bad argument.
                """
        )

        @Option(help: ArgumentHelp("The platform to fetch: twitter, facebook or youtube. Default: twitter, and facebook and youtube where the pipeline has accounts and their credentials are set.", valueName: "platform"))
        var platform: String?

        @Option(help: ArgumentHelp("Fetch only this account of the pipeline (no topic searches).", valueName: "id"))
        var account: String?

        @Flag(help: "Fetch once and exit (the default).")
        var once = false

        @Option(help: ArgumentHelp("Fetch again after this long, until stopped: 90s, 2m, 1h.", valueName: "interval"))
        var every: String?

        @OptionGroup var archive: ArchiveOptions

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
            if let platform, !Self.platforms.contains(platform) {
                throw ValidationError("unknown platform \(ArgumentCheck.shown(platform)) (platforms: \(Self.platforms.joined(separator: ", ")))")
            }
            let config = try pipeline.load()
            let environment = ProcessInfo.processInfo.environment
            // With --account alone, the account says which platform.
            let named = platform ?? account.flatMap { id in config.accounts.first { $0.id == id }?.platform }
            if let account, !config.accounts.contains(where: { $0.id == account && $0.platform == (named ?? "twitter") }) {
                let shown = named ?? "twitter"
                let known = config.accounts.filter { $0.platform == shown }.map(\.id).joined(separator: ", ")
                throw ValidationError("unknown \(shown) account \(ArgumentCheck.shown(account)) in \(config.file) (\(shown) accounts: \(known))")
            }
            let clients: [any PlatformClient]
            do {
                let credentials = try Credentials.load(environment: environment, file: config.fetch.credentials)
                let platforms = named.map { [$0] } ?? Self.defaultPlatforms(config, credentials: credentials)
                clients = try platforms.map { try Self.client($0, environment: environment, credentials: credentials) }
            } catch let error as FetchError {
                printError("Error: \(error)")
                throw ExitCode.failure
            }
            let connection = try db.connectMigrating()
            let key = try ActorKey.forDatabase(on: connection, environment: environment, home: db.homeURL)
            let transport = HTTPTransport(timeout: FetchInterval(timeout)!.duration)
            defer { transport.shutdown() }
            let root = archive.root(config, home: db.homeURL)
            let ingestor = Ingestor(reader: PayloadReader(config: config, hasher: .init(secret: key)), connection: connection,
                                    erased: try ErasedMessages.honoured(ErasureRegister(home: db.homeURL), on: connection))
            let progress = ProgressLine()
            let rounds = clients.map { client in
                var fetcher = Fetcher(
                    client: client, transport: transport, archive: ResponseArchive(root: URL(fileURLWithPath: root)), ingestor: ingestor,
                    policy: RetryPolicy(maxRetries: retries, maxRateLimitWait: FetchInterval(maxWait)!.duration)
                )
                fetcher.progress = progress.show
                fetcher.notice = { progress.clear(); printError($0) }
                return (fetcher: fetcher, targets: client.targets(in: config, account: account), skipped: skipped(by: client, in: config))
            }
            while true {
                var attention = false
                for round in rounds {
                    for line in round.skipped {
                        printError(line)
                        attention = true
                    }
                    try round.fetcher.run(round.targets) { report in
                        progress.clear()
                        // Written at once, not buffered: under --every a line must not wait for the next round.
                        try StandardOutput.line(report.line)
                        attention = attention || report.needsPerson
                    }
                }
                guard let every else {
                    if attention { throw ExitCode.failure }
                    return
                }
                Thread.sleep(forTimeInterval: Double(FetchInterval(every)!.seconds))
            }
        }

        /// Without --platform: X, as ever, and each other platform the pipeline has accounts on
        /// whose credentials are set; X alone when there is nothing else, so a missing X token
        /// is still said.
        static func defaultPlatforms(_ config: PipelineConfig, credentials: Credentials) -> [String] {
            func has(_ platform: String) -> Bool { config.accounts.contains { $0.platform == platform } }
            var platforms: [String] = []
            if has("twitter") || !config.topics.isEmpty { platforms.append("twitter") }
            if has("facebook"), credentials.isSet(Credentials.metaPageTokens) { platforms.append("facebook") }
            if has("youtube"), credentials.isSet(Credentials.youtubeAPIKey) { platforms.append("youtube") }
            return platforms.isEmpty ? ["twitter"] : platforms
        }

        static func client(_ platform: String, environment: [String: String], credentials: Credentials) throws -> any PlatformClient {
            switch platform {
            case "youtube": return YouTubeClient(environment: environment, key: try credentials.youtubeKey())
            case "facebook": return try GraphClient(environment: environment, credentials: credentials)
            default: return XClient(environment: environment, token: try credentials.xToken())
            }
        }

        /// A line for each of the pipeline's accounts on `client`'s platform that cannot be asked
        /// for: the endpoints take the platform's id, not a handle; a Facebook Page needs its token.
        func skipped(by client: any PlatformClient, in config: PipelineConfig) -> [String] {
            config.accounts.filter { $0.platform == client.platform && (account == nil || $0.id == account) }.compactMap { candidate in
                if candidate.platformID == nil {
                    return "\(candidate.id): not fetched: \(client.accountIDNeed) (id: in \(config.file))"
                }
                return client.missingCredential(for: candidate).map { "\(candidate.id): not fetched: \($0)" }
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
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K\(text)…".utf8))
    }

    func clear() {
        guard enabled else { return }
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
    }
}
