import Foundation

/// Writes a social-listening tool's export as JSON Lines:
/// `{"platform","id","author","text","time","url"}`, one post about the place per line, none
/// addressed to the council.
final class ListeningLog {
    /// Where the talk happens, and how often.
    static let platforms: [(name: String, share: Double)] = [("twitter", 0.4), ("reddit", 0.25), ("instagram", 0.2), ("facebook", 0.15)]

    private let log: DeliveryLog
    private let town: String
    private var ids: PlatformIDs

    init(files: OutputFiles, town: String, seed: UInt64) {
        self.town = town
        log = DeliveryLog(files: files, folder: "listening", prefix: "mentions", category: "listening exports",
                          platform: "listening", logName: "mention line")
        ids = PlatformIDs(seed: seed ^ 0x6C69)
    }

    func mention(platform: String, author: String, text: String, at time: Millis, random: inout SeededRandom) throws {
        let id: String, url: String
        switch platform {
        case "twitter":
            let tweet = ids.tweet(at: time)
            id = String(tweet)
            url = "https://x.com/\(author.dropFirst())/status/\(tweet)"
        case "reddit":
            let code = String(ids.graphObject() % 78_364_164_096, radix: 36)
            id = "t3_" + code
            url = "https://www.reddit.com/r/\(town)/comments/\(code)/"
        case "instagram":
            let code = ids.youtubeVideo()
            id = code
            url = "https://www.instagram.com/p/\(code)/"
        default:
            let story = ids.graphObject()
            id = String(story)
            url = "https://www.facebook.com/permalink.php?story_fbid=\(story)"
        }
        var w = JSONWriter(capacity: 400)
        w.beginObject()
        w.field("platform", platform)
        w.field("id", id)
        w.field("author", author)
        w.field("text", text)
        w.field("time", time: time, .iso)
        w.field("url", url)
        w.endObject()
        try log.append(w.bytes, at: time, record: "mention", kind: "mention", random: &random)
    }

    func finish() throws {
        try log.finish()
    }
}
