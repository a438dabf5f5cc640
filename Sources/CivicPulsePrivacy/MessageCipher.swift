import Crypto
import Foundation

/// Seals a resident's text and link under a key of that message alone (AES-GCM, 256-bit keys):
/// the log keeps the ciphertext for ever, and destroying the key in `privacy.message_keys` is
/// what forgets the message (docs/privacy.md).
public enum MessageCipher {
    /// A new random key for one message.
    public static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    /// `plaintext` sealed under `key`, as base64 of nonce, ciphertext and tag: the log's `body`
    /// and `url` are text columns.
    public static func seal(_ plaintext: String, key: Data) -> String {
        // `combined` is only nil for a nonce of another size than 12 bytes, which `seal` never makes.
        try! AES.GCM.seal(Data(plaintext.utf8), using: SymmetricKey(data: key)).combined!.base64EncodedString()
    }

    /// The plaintext of `sealed`, or nil when it was not sealed under `key` (or was changed).
    public static func open(_ sealed: String, key: Data) -> String? {
        guard let combined = Data(base64Encoded: sealed),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: SymmetricKey(data: key))
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }
}
