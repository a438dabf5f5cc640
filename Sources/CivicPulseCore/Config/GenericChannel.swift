import Foundation

/// How to read an export from a channel CivicPulse has no reader for (Instagram, Nextdoor,
/// web chat, e-mail): which column holds what.
///
/// ```yaml
/// channels:
///   webchat:                     # used as: civicpulse ingest --mapping webchat FILE
///     channel: webchat           # the channel events are reported under
///     account: harbourside_webchat   # the org account the export belongs to
///     columns:                   # column (CSV header, or JSON key) for each field
///       id: message_id           # required: unique per message
///       time: sent_at            # required: any timestamp format the platforms use
///       text: body
///       author: sender           # who wrote it; the account's handle or id means the org
///       reply_to: in_reply_to    # the id of the message this one answers
///       conversation: session_id # the thread; default: the reply chain, else the message
///       url: link
///       kind: type               # optional: an event kind (inbound_message, reply, post, …)
/// ```
public struct GenericChannel: Sendable, Equatable {
    public var id: String
    public var channel: String
    /// The org account (from `accounts`) whose export this is.
    public var account: String
    public var columns: [Field: String]

    public enum Field: String, CaseIterable, Sendable {
        case id, time, text, author, replyTo = "reply_to", conversation, url, kind
    }

    static func parse(id: String, _ node: ConfigNode, accounts: [PipelineConfig.Account]) throws -> GenericChannel {
        try node.allowOnly(["channel", "account", "columns"])
        let accountNode = try node.required("account")
        let account = try accountNode.string()
        guard accounts.contains(where: { $0.id == account }) else {
            throw accountNode.error("unknown account '\(account)' (accounts: \(accounts.map(\.id).joined(separator: ", ")))")
        }
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
        return GenericChannel(id: id, channel: channel, account: account, columns: columns)
    }
}
