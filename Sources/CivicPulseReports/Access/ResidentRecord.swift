import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseReadModel
import Foundation
import Postgres

/// Everything held about one resident, for a subject access request (Article 15,
/// docs/privacy.md): each message of theirs still readable with where and when it was written
/// and the council's answer to it, and the times of those held but no longer readable.
public struct ResidentRecord: Encodable, Sendable, Equatable {
    /// Whom the request is for, as the officer named them.
    public var subject: Subject
    public var generatedAt: Date
    /// The zone the text and HTML pages write times in (the council's).
    public var timeZone: String
    public var messages: [Message]
    public var unreadable: Unreadable

    public struct Subject: Encodable, Sendable, Equatable {
        public var platform: String
        /// The user id asked for, or the handle (one of the two).
        public var userID: String?
        public var handle: String?

        public init(platform: String, userID: String?, handle: String?) {
            self.platform = platform
            self.userID = userID
            self.handle = handle
        }

        enum CodingKeys: String, CodingKey {
            case platform, handle
            case userID = "user_id"
        }
    }

    public struct Message: Encodable, Sendable, Equatable {
        public var time: Date
        public var platform: String
        public var channel: String
        /// The council account written to.
        public var account: String
        public var service: String
        public var kind: String
        public var conversation: String?
        /// The platform's id of the message.
        public var messageID: String
        public var text: String?
        public var link: String?
        /// The spell of waiting for the council this message was part of; nil for a message that
        /// awaited no answer (a share, say).
        public var item: Item?

        enum CodingKeys: String, CodingKey {
            case time, platform, channel, account, service, kind, conversation, text, link, item
            case messageID = "message_id"
        }
    }

    /// A response item (docs/response-matching.md) as the processor recorded it.
    public struct Item: Encodable, Sendable, Equatable {
        public var id: UUID
        public var priority: String
        public var dueAt: Date?
        /// Nil while the council has not answered.
        public var answer: Answer?

        enum CodingKeys: String, CodingKey {
            case id, priority, answer
            case dueAt = "due_at"
        }
    }

    public struct Answer: Encodable, Sendable, Equatable {
        public var time: Date
        public var account: String?
        public var text: String?
        public var link: String?
        /// From the item's first message to this answer, wall clock.
        public var seconds: Double?
        /// The same in the service's working time.
        public var businessSeconds: Double?
        /// From this message itself to the answer, wall clock: a resident's later message in the
        /// same item waited less than the item did.
        public var replySeconds: Double?
        /// The same in the service's working time.
        public var businessReplySeconds: Double?

        enum CodingKeys: String, CodingKey {
            case time, account, text, link, seconds
            case businessSeconds = "business_seconds"
            case replySeconds = "reply_seconds"
            case businessReplySeconds = "business_reply_seconds"
        }
    }

    /// Messages still held whose text and link were erased (forget, retention, a platform
    /// deletion): only when they were written.
    public struct Unreadable: Encodable, Sendable, Equatable {
        public var times: [Date]

        /// Written beside the times in the JSON, for a reader who wants only the number.
        public var count: Int { times.count }

        enum CodingKeys: String, CodingKey { case count, times }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(count, forKey: .count)
            try container.encode(times, forKey: .times)
        }
    }

    enum CodingKeys: String, CodingKey {
        case subject, messages, unreadable
        case generatedAt = "generated_at"
        case timeZone = "time_zone"
    }

    /// How many messages the record lists, readable or not: what the register counts.
    public var messageCount: Int { messages.count + unreadable.count }

    /// The record of the resident linked to `pseudonym` (nil: none is, so nothing is held);
    /// answers' business times follow `outOfHoursAnswer`, as in every report.
    public static func load(_ subject: Subject, pseudonym: Data?, timeZone: TimeZone, outOfHoursAnswer: OutOfHoursAnswer,
                            on connection: Connection) throws -> ResidentRecord {
        let held = try pseudonym.map { try ResidentMessages.held(by: $0, on: connection) } ?? []
        let readable = held.filter(\.readable)
        let items = try pseudonym.map { try MessageItemRow.items(holding: readable.map(\.logPosition), resident: $0, on: connection) } ?? [:]
        let erased = held.filter { !$0.readable }.map(\.occurredAt)
        return ResidentRecord(
            subject: subject, generatedAt: Date(), timeZone: timeZone.identifier,
            messages: readable.map { message in
                Message(time: message.occurredAt, platform: message.platform, channel: message.channel, account: message.account,
                        service: message.service, kind: message.kind, conversation: message.conversationID, messageID: message.sourceID,
                        text: message.text, link: message.url, item: items[message.logPosition].map { Item(row: $0, outOfHoursAnswer: outOfHoursAnswer) })
            },
            unreadable: Unreadable(times: erased)
        )
    }
}

extension ResidentRecord.Item {
    init(row: MessageItemRow, outOfHoursAnswer: OutOfHoursAnswer) {
        let business = row.businessResponseSeconds.map { outOfHoursAnswer.businessSeconds(business: $0, elapsed: row.responseSeconds ?? $0) }
        let businessReply = row.businessReplySeconds.map { outOfHoursAnswer.businessSeconds(business: $0, elapsed: row.replySeconds ?? $0) }
        self.init(id: row.itemID, priority: row.priority, dueAt: row.dueAt, answer: row.respondedAt.map { at in
            ResidentRecord.Answer(time: at, account: row.responderAccount, text: row.answerText, link: row.answerURL,
                                  seconds: row.responseSeconds, businessSeconds: business,
                                  replySeconds: row.replySeconds, businessReplySeconds: businessReply)
        })
    }
}
