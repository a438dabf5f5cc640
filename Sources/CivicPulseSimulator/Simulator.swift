import CivicPulseCore
import Foundation

/// Writes platform-native payload files for a fictional council: residents' questions and the
/// council's answers on Twitter, Facebook and YouTube, listening hits, insights and statistics.
///
/// Time runs forward an hour at a time. Each hour, new conversations start (their later
/// messages wait in a queue until their time), then everything due in the hour is written by
/// the platform writers in time order. Only open conversations, recent posts and partly filled
/// pages are in memory, so a run of years costs no more memory than a run of a week.
/// One seeded generator decides everything, so the same options give the same bytes.
public final class Simulator {
    let options: SimulationOptions
    let accounts: OrgAccounts
    let topics: TopicCatalogue
    let clock: LocalClock
    let residents: Residents
    let crisis: CrisisWindow?
    let startMillis: Millis
    let endMillis: Millis
    let files: OutputFiles
    var random: SeededRandom
    var ids: PlatformIDs
    var queue = EventQueue()

    let twitterPages: TwitterPages
    let graphComments: GraphCommentPages
    let graphPosts: GraphPostPages
    let webhooks: PageWebhookLog
    let insights: PageInsights
    let threads: [String: CommentThreadPages]
    let videos: VideoStatistics
    let listening: ListeningLog

    /// The latest posts of each account (by config id), newest last, for residents to answer.
    var recentPosts: [String: [OrgPost]] = [:]
    /// Today's comments, messages and posts per Facebook Page, for its insights.
    var pageActivity: [Int]
    var pagePosts: [Int]
    var questions = QuestionTally()

    public init(config: PipelineConfig, options: SimulationOptions) throws {
        guard options.days > 0 else { throw SimulationError("--days must be at least 1") }
        guard options.scale > 0 else { throw SimulationError("--scale must be more than 0") }
        self.options = options
        accounts = OrgAccounts(config: config)
        guard !(accounts.twitter.isEmpty && accounts.facebook.isEmpty && accounts.youtube.isEmpty) else {
            throw SimulationError("\(config.file) has no twitter, facebook or youtube accounts to simulate")
        }
        topics = TopicCatalogue(routing: config.routing)
        clock = LocalClock(timeZone: config.timeZone)
        residents = Residents(population: Int(20_000 * options.scale), seed: options.seed)
        crisis = CrisisWindow.first(from: options.start, days: options.days, clock: clock)
        startMillis = clock.midnight(of: options.start)
        endMillis = clock.midnight(of: options.start.adding(days: options.days))
        random = SeededRandom(seed: options.seed)
        ids = PlatformIDs(seed: options.seed)
        files = OutputFiles(root: options.output, summary: SimulationSummary(options: options))
        twitterPages = TwitterPages(files: files, pageSize: options.tweetsPerPage, seed: options.seed)
        graphComments = GraphCommentPages(files: files, pageSize: options.objectsPerPage, seed: options.seed)
        graphPosts = GraphPostPages(files: files, pageSize: options.objectsPerPage)
        webhooks = PageWebhookLog(files: files)
        insights = PageInsights(files: files, pages: accounts.facebook, scale: options.scale)
        var threads: [String: CommentThreadPages] = [:]
        for channel in accounts.youtube {
            threads[channel.platformID] = CommentThreadPages(files: files, channel: channel, pageSize: options.objectsPerPage, seed: options.seed)
        }
        self.threads = threads
        videos = VideoStatistics(files: files, seed: options.seed)
        listening = ListeningLog(files: files, town: accounts.town, seed: options.seed)
        pageActivity = Array(repeating: 0, count: accounts.facebook.count)
        pagePosts = Array(repeating: 0, count: accounts.facebook.count)
    }

    /// Runs the whole simulation, writes every file and `summary.txt`, and returns the summary.
    public func run() throws -> SimulationSummary {
        var day = options.start
        var dayEnd = clock.midnight(of: day.adding(days: 1))
        rememberEarlierPosts()
        scheduleDay(day, from: startMillis, to: dayEnd)
        var hour = startMillis
        while hour < endMillis {
            if hour >= dayEnd {
                try endOfDay(day, at: dayEnd)
                day = day.adding(days: 1)
                let next = clock.midnight(of: day.adding(days: 1))
                scheduleDay(day, from: dayEnd, to: next)
                dayEnd = next
            }
            let hourEnd = min(hour + .hour, dayEnd)
            startConversations(from: hour, to: hourEnd)
            try writeChatter(from: hour, to: hourEnd)
            try writeDue(before: hourEnd)
            hour = hourEnd
        }
        try endOfDay(day, at: endMillis)
        try finish()
        return files.summary
    }

    /// Writes everything scheduled before `limit`, in time order.
    private func writeDue(before limit: Millis) throws {
        while let (_, happening) = queue.pop(before: limit) {
            switch happening {
            case .message(let conversation, let message): try write(message, of: conversation)
            case .post(let post): try write(post)
            case .retweet(let retweet): try write(retweet)
            }
        }
    }

    /// A local day is over: Page insights and video statistics for it, and posts gone quiet put away.
    private func endOfDay(_ day: CivilDate, at dayEnd: Millis) throws {
        if !accounts.facebook.isEmpty {
            try insights.recordDay(day, activity: pageActivity, posts: pagePosts, random: &random)
            pageActivity = pageActivity.map { _ in 0 }
            pagePosts = pagePosts.map { _ in 0 }
        }
        try videos.endOfDay(fetchedAt: dayEnd, scale: options.scale, random: &random)
        try graphComments.closePosts(postedBefore: dayEnd - 14 * .day)
    }

    private func finish() throws {
        try twitterPages.finish()
        try graphComments.finish()
        try graphPosts.finish()
        try webhooks.finish()
        try insights.finish()
        for channel in threads.keys.sorted() { try threads[channel]!.finish(random: &random) }
        try listening.finish()
        files.setCrisis(crisis)
        files.setCrisisCounts(questions: questions.flood, normalHourly: questions.normalHourly, crisisHourly: questions.crisisHourly)
        let text = files.summary.text(timeZone: clock.timeZone) + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: try files.path("summary.txt")))
    }
}

/// Residents' new questions per hour, inside and outside the crisis window.
struct QuestionTally {
    var crisisQuestions = 0, crisisHours = 0.0
    var normalQuestions = 0, normalHours = 0.0
    /// Flood messages (all in the crisis).
    var flood = 0

    var crisisHourly: Double { crisisHours > 0 ? Double(crisisQuestions) / crisisHours : 0 }
    var normalHourly: Double { normalHours > 0 ? Double(normalQuestions) / normalHours : 0 }
}
