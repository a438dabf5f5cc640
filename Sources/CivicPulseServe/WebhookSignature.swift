import CivicPulseCore
import Crypto
import Foundation

/// A platform's signature on a webhook delivery: `sha256=` and the HMAC-SHA256 of the raw body,
/// keyed with the app's secret. Meta writes the code in hex (`X-Hub-Signature-256`), X in
/// base64 (`x-twitter-webhooks-signature`).
///
/// Only the signature tells a delivery from a forgery: the route is public, and anyone can
/// post a body that reads like a platform's. The code is compared in constant time
/// (`isValidAuthenticationCode`), so the time a refusal takes says nothing about how many of a
/// guessed code's bytes were right.
public struct WebhookSignature: Sendable {
    public enum Encoding: Sendable { case hex, base64 }

    /// The secret's bytes; Crypto's `SymmetricKey` is not `Sendable`, so one is made for each use.
    private let secret: Data
    private let encoding: Encoding

    /// - Parameter secret: the app's secret; nil when it is unset or empty, as a route without
    ///   one cannot tell any delivery from a forgery.
    public init?(secret: String?, encoding: Encoding) {
        guard let secret, !secret.isEmpty else { return nil }
        self.secret = Data(secret.utf8)
        self.encoding = encoding
    }

    /// Whether `header` signs `body`. A missing header, another scheme than `sha256=`, a code
    /// that does not decode or is not 32 bytes long, and a wrong code are all just refused.
    public func accepts(_ header: String?, body: Data) -> Bool {
        guard let header, header.hasPrefix(Self.scheme), let code = decode(header.dropFirst(Self.scheme.count)),
              code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: SymmetricKey(data: secret))
    }

    /// `sha256=` and the code of `message` in this signature's encoding: what a platform sends,
    /// and what X's challenge (CRC) expects back.
    public func sign(_ message: Data) -> String {
        let code = Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        switch encoding {
        case .hex: return Self.scheme + code.lowercaseHex
        case .base64: return Self.scheme + code.base64EncodedString()
        }
    }

    private static let scheme = "sha256="

    private func decode(_ text: Substring) -> Data? {
        switch encoding {
        case .base64: return Data(base64Encoded: String(text))
        case .hex:
            guard text.count % 2 == 0, text.allSatisfy(\.isHexDigit) else { return nil }
            var bytes = Data(capacity: text.count / 2)
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            return bytes
        }
    }
}
