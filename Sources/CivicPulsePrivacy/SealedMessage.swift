import Foundation

/// A resident's message as ingest stores it: its text and link sealed under a key of its own.
public struct SealedMessage: Sendable {
    public let key: Data
    public let body: String?
    public let url: String?

    /// Seals `text` and `url` under a new key; nil when there is nothing to seal.
    public init?(text: String?, url: String?) {
        guard text != nil || url != nil else { return nil }
        let key = MessageCipher.newKey()
        self.key = key
        body = text.map { MessageCipher.seal($0, key: key) }
        self.url = url.map { MessageCipher.seal($0, key: key) }
    }
}

/// A message as the processor reads it back: plaintext, or what is left once its key is gone.
public struct OpenedMessage: Sendable, Equatable {
    public var text: String?
    public var url: String?
    /// For a message whose key was destroyed, whether its text held an urgent keyword as judged
    /// then (the tombstone's verdict); nil while the text can still be read.
    public var erasedKeywordUrgent: Bool?

    /// Opens a logged `body` and `url`. `keyed` says the message has a row in
    /// `privacy.message_keys` (so it was sealed); `key` is nil there once destroyed. A message
    /// with no row was stored in plain text: the council's own, or logged before sealing began.
    public init(body: String?, url: String?, keyed: Bool, key: Data?, keywordUrgent: Bool?) {
        guard keyed else {
            self.text = body
            self.url = url
            return
        }
        guard let key else {
            erasedKeywordUrgent = keywordUrgent ?? false
            return
        }
        text = body.flatMap { MessageCipher.open($0, key: key) }
        self.url = url.flatMap { MessageCipher.open($0, key: key) }
    }
}
