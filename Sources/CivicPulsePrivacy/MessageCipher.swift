import Crypto
import Foundation

/// Seals a resident's text and link under a key of that message alone (AES-GCM, 256-bit keys):
/// the log keeps the ciphertext for ever, and destroying the key in `privacy.message_keys` is
/// what forgets the message (docs/privacy.md).
public enum MessageCipher {
    /// The bytes of a key.
    public static let keyCount = 32
    /// The bytes of a nonce: AES-GCM's 96 bits.
    public static let nonceCount = 12

    /// A new random key for one message.
    public static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    /// `plaintext` sealed under `key` with `nonce` (``nonceCount`` random bytes, never used with
    /// this key before), as base64 of nonce, ciphertext and tag: the log's `body` and `url` are
    /// text columns.
    static func seal(_ plaintext: String, key: SymmetricKey, nonce: Data) -> String {
        // Neither can fail: the nonce has AES-GCM's size, and `combined` is only nil for another size.
        try! AES.GCM.seal(Data(plaintext.utf8), using: key, nonce: try! AES.GCM.Nonce(data: nonce)).combined!.base64EncodedString()
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
