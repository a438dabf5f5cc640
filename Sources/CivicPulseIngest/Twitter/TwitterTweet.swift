import CivicPulseCore
import Foundation

/// A tweet in the terms classification needs, whichever API version it arrived in.
///
/// The v2 and v1.1 readers each fill one of these from their own field names and hand it to
/// ``TwitterClassifier``: the platform is the same, so a tweet must be classified the same way
/// whether it came from a v2 page or a v1.1 timeline.
struct TwitterTweet {
    struct Mention {
        var id: String?
        var handle: String?
    }

    var id: String
    /// Nil when the payload does not say (v2 responses requested with default fields).
    var authorID: String?
    var authorHandle: String?
    var createdAt: Date
    /// True when `createdAt` was worked out from the snowflake id rather than read.
    var createdAtFromID = false
    var text: String?
    /// The tweet this one answers. Only a real reply sets it (v2 `replied_to`, v1.1
    /// `in_reply_to_status_id_str`): Twitter sets the reply-to user on tweets that merely start
    /// with an @mention too.
    var repliedToID: String?
    var inReplyToUserID: String?
    var inReplyToHandle: String?
    var isRetweet = false
    var retweetedID: String?
    var quotedID: String?
    var mentions: [Mention] = []
    /// The thread the tweet belongs to: v2's `conversation_id`, or v1.1's best estimate.
    var conversationID: String
    /// Format-specific extras worth keeping (public metrics, language).
    var details: [String: JSONValue] = [:]

    init(id: String, createdAt: Date, conversationID: String) {
        self.id = id
        self.createdAt = createdAt
        self.conversationID = conversationID
    }
}

extension TwitterTweet {
    /// Twitter ids issued before snowflake ids (November 2010) were sequential and carry no time.
    static let lastSequentialID: UInt64 = 29_700_859_247
    /// The snowflake epoch: 2010-11-04T01:42:54.657Z, in milliseconds since the Unix epoch.
    static let snowflakeEpochMilliseconds: UInt64 = 1_288_834_974_657

    /// When a tweet was created, from its id: a snowflake id's top 41 bits are milliseconds since
    /// the snowflake epoch, so `(id >> 22) + 1288834974657` is milliseconds since the Unix epoch.
    /// Used only when the payload has no `created_at` (v2 default fields).
    static func creationTime(fromID id: String) -> Date? {
        guard let value = UInt64(id), value > lastSequentialID else { return nil }
        let milliseconds = (value >> 22) + snowflakeEpochMilliseconds
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The `@handles` a text mentions, for payloads without mention entities. A handle is a run of
    /// letters, digits or underscores after an `@` that does not follow a word character (so e-mail
    /// addresses are not mentions). Twitter caps handles at 15 characters, but a longer run is kept
    /// whole: it then matches no account, rather than its first 15 characters matching one.
    static func handles(in text: String) -> [String] {
        let characters = Array(text.unicodeScalars)
        func isHandleCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_")
        }
        var handles: [String] = []
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == "@" else { continue }
            if index > 0, isHandleCharacter(characters[index - 1]) { continue }
            var end = index + 1
            while end < characters.count, isHandleCharacter(characters[end]) { end += 1 }
            if end > index + 1 {
                handles.append(String(String.UnicodeScalarView(characters[(index + 1)..<end])))
            }
            index = end - 1
        }
        return handles
    }
}
