import Foundation

/// How to read an export from a channel CivicPulse has no reader for (Instagram, Nextdoor,
/// web chat, e-mail), or a customer-care export of several accounts: which column holds what.
///
/// ```yaml
/// channels:
///   webchat:                     # used as: civicpulse ingest --mapping webchat FILE
///     channel: webchat           # the channel events are reported under
///     account: harbourside_webchat   # the org account the export belongs to, or { column: Profile }
///     platform_ids: { column: tweet_id, platform: twitter }   # optional: the platform's own message ids
///     columns:                   # column (CSV header, or JSON key) for each field
///       id: message_id           # required: unique per message
///       time: sent_at            # required: any timestamp format the platforms use
///       text: body
///       author: sender           # who wrote it; an org account's handle or id means the org
///       reply_to: in_reply_to    # the id of the message this one answers
///       conversation: session_id # the thread; default: the reply chain, else the message
///       url: link
///       kind: type               # optional: an event kind (inbound_message, reply, post, …)
/// ```
public struct GenericChannel: Sendable, Equatable {
    public var id: String
    public var channel: String
    /// The org account (from `accounts`) whose export this is, or the column naming each row's.
    public var account: AccountSource
    public var columns: [Field: String]
    /// The column holding the platform's own message id, when the export carries one.
    public var platformIDs: PlatformIDs?

    public enum Field: String, CaseIterable, Sendable {
        case id, time, text, author, replyTo = "reply_to", conversation, url, kind
    }

    /// The platform the export's events are read as: the platform of its message ids, so that
    /// its conversations and people are the platform reader's; else the channel.
    public var platform: String {
        platformIDs?.platform.rawValue ?? channel
    }

    static func parse(id: String, _ node: ConfigNode, accounts: [PipelineConfig.Account]) throws -> GenericChannel {
        try node.allowOnly(["channel", "account", "platform_ids", "columns"])
        let account = try AccountSource.parse(try node.required("account"), accounts: accounts)
        let columnsNode = try node.required("columns")
        try columnsNode.allowOnly(Set(Field.allCases.map(\.rawValue)))
        var columns: [Field: String] = [:]
        for (key, value) in try columnsNode.entries() {
            columns[Field(rawValue: key)!] = try value.string()
        }
        for required in [Field.id, .time] where columns[required] == nil {
            throw columnsNode.error("missing required key '\(required.rawValue)' (the column holding each message's \(required == .id ? "id" : "time"))")
        }
        let channelNode = try node.optional("channel")
        let channel = try channelNode?.string() ?? id
        guard channel != EventKind.derivedPlatform else {
            throw (channelNode ?? node).error("'\(channel)' is the processor's own channel; an export's events come from elsewhere")
        }
        let platformIDs = try node.optional("platform_ids").map(PlatformIDs.parse)
        return GenericChannel(id: id, channel: channel, account: account, columns: columns, platformIDs: platformIDs)
    }
}
