import Foundation

/// Who writes a message in a conversation, and in what turn.
enum Role: Sendable {
    /// The resident's first message.
    case question
    /// The resident again, before anyone has answered.
    case nudge
    /// The council's answer.
    case answer
    /// The resident again, after the answer.
    case followUp
    /// The council answering the follow-up.
    case secondAnswer

    var byOrg: Bool { self == .answer || self == .secondAnswer }
}

/// One resident's exchange with one council account, from question to last answer.
///
/// Its messages are all decided when the question arrives (times, who answers, ids) and
/// wait in the ``EventQueue`` until their time comes; the conversation lives only while some
/// of its messages are still to be written.
final class Conversation {
    let channel: Channel
    let account: OrgAccount
    let resident: Int
    let topic: Int
    let urgent: Bool
    /// Twitter: the conversation id (the first tweet's). Facebook comments: the number of the
    /// top-level comment. Unused elsewhere.
    var thread: UInt64 = 0
    /// Twitter: the council tweet the question replies to (nil: a new tweet). Facebook
    /// comments: the post's number.
    var root: UInt64?
    /// YouTube: the video commented on, and the thread's id once the question is written.
    var video: PublishedVideo?
    var threadID = ""
    /// Messages scheduled and not yet written.
    var pending = 0

    init(channel: Channel, account: OrgAccount, resident: Int, topic: Int, urgent: Bool) {
        self.channel = channel
        self.account = account
        self.resident = resident
        self.topic = topic
        self.urgent = urgent
    }
}

/// A message decided in advance: when, whose turn, its id and what it answers.
struct ScriptedMessage {
    let at: Millis
    let role: Role
    /// Twitter: the tweet id. Facebook comments: the comment's number. Else 0 (ids made when written).
    let id: UInt64
    /// The message it replies to (Twitter: a tweet id; 0 for none).
    let parent: UInt64
    let parentByOrg: Bool
}

/// A council post, tweet or video waiting for its time.
struct OrgPost {
    let account: OrgAccount
    /// Twitter: the tweet id; Facebook: the post's number; YouTube: unused.
    let id: UInt64
    let topic: Int
    let at: Millis
}

/// A retweet of a council tweet, by a resident or by another council account.
struct Retweet {
    let at: Millis
    let id: UInt64
    let original: UInt64
    let originalAuthor: OrgAccount
    let originalText: String
    /// A resident number, or nil when `byAccount` retweets.
    let resident: Int?
    let byAccount: OrgAccount?
}

/// What waits in the queue.
enum Happening {
    case message(Conversation, ScriptedMessage)
    case post(OrgPost)
    case retweet(Retweet)
}

/// Everything scheduled and not yet written, earliest first (ties in scheduling order).
struct EventQueue {
    private struct Item {
        let at: Millis
        let order: UInt64
        let happening: Happening
    }

    private var heap: [Item] = []
    private var counter: UInt64 = 0

    private func earlier(_ a: Item, _ b: Item) -> Bool {
        a.at != b.at ? a.at < b.at : a.order < b.order
    }

    mutating func push(_ happening: Happening, at: Millis) {
        counter += 1
        heap.append(Item(at: at, order: counter, happening: happening))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard earlier(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest happening if it is before `limit`, removed from the queue.
    mutating func pop(before limit: Millis) -> (at: Millis, happening: Happening)? {
        guard let first = heap.first, first.at < limit else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, earlier(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, earlier(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.at, first.happening)
    }
}
