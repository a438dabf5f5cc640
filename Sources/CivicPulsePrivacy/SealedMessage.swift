import Crypto
import Foundation

/// A resident's message as ingest stores it: its text and link sealed under a key of its own.
public struct SealedMessage: Sendable {
    public let key: Data
    public let body: String?
    public let url: String?

    /// Seals `text` and `url` under a new key from `random`, each with a nonce of its own from
    /// it; nil, taking nothing, when there is nothing to seal. One `SymmetricKey` serves both (AES-GCM
    /// still sets the key up in each seal: docs/performance.md, "The eighth round").
    init?(text: String?, url: String?, random: inout RandomBytes) {
        guard text != nil || url != nil else { return nil }
        key = random.take(MessageCipher.keyCount)
        let sealing = SymmetricKey(data: key)
        body = text.map { MessageCipher.seal($0, key: sealing, nonce: random.take(MessageCipher.nonceCount)) }
        self.url = url.map { MessageCipher.seal($0, key: sealing, nonce: random.take(MessageCipher.nonceCount)) }
    }

    /// Seals each of a piece's `messages` under a new key of its own, with the randomness of all
    /// of them drawn in one call (``RandomBytes``); nil for one with nothing to seal.
    public static func sealing(_ messages: [(text: String?, url: String?)], draw: RandomBytes.Draw = RandomBytes.system) -> [SealedMessage?] {
        let count = messages.reduce(0) { total, message in
            let sealed = (message.text == nil ? 0 : 1) + (message.url == nil ? 0 : 1)
            return total + (sealed == 0 ? 0 : MessageCipher.keyCount + sealed * MessageCipher.nonceCount)
        }
        var random = RandomBytes(count: count, draw: draw)
        return messages.map { SealedMessage(text: $0.text, url: $0.url, random: &random) }
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
