import Crypto
import Foundation

/// Where `serve` listens, what it accepts, and the platforms' secrets, read once at start.
///
/// A route whose secret is unset is off (it answers 503): a webhook that cannot check its
/// deliveries' signatures would append whatever anyone posts.
public struct ServeSettings: Sendable {
    public static let metaVerifyTokenVariable = "CIVICPULSE_META_VERIFY_TOKEN"
    public static let metaAppSecretVariable = "CIVICPULSE_META_APP_SECRET"
    public static let xConsumerSecretVariable = "CIVICPULSE_X_CONSUMER_SECRET"

    public var listen: ListenAddress
    /// The largest body accepted, in bytes; a larger one is answered 413 unread.
    public var maxBody: Int
    /// The digest of Meta's verify token, so the handshake compares digests of equal length
    /// instead of the token itself, byte by byte.
    let metaVerifyTokenDigest: Data?
    let metaSignature: WebhookSignature?
    let xSignature: WebhookSignature?

    public init(listen: ListenAddress, maxBody: Int, environment: [String: String]) {
        self.listen = listen
        self.maxBody = maxBody
        metaVerifyTokenDigest = environment[Self.metaVerifyTokenVariable].flatMap { $0.isEmpty ? nil : Self.digest($0) }
        metaSignature = WebhookSignature(secret: environment[Self.metaAppSecretVariable], encoding: .hex)
        xSignature = WebhookSignature(secret: environment[Self.xConsumerSecretVariable], encoding: .base64)
    }

    /// Whether `token` is Meta's verify token.
    func isMetaVerifyToken(_ token: Substring) -> Bool {
        guard let metaVerifyTokenDigest else { return false }
        return Self.digest(token) == metaVerifyTokenDigest
    }

    private static func digest(_ text: some StringProtocol) -> Data {
        Data(SHA256.hash(data: Data(text.utf8)))
    }

    /// One line for each route that is off, and why (the variable's name, never a value).
    public var routesOff: [String] {
        var lines: [String] = []
        if metaSignature == nil {
            lines.append("/webhooks/meta is off (503): \(Self.metaAppSecretVariable) is not set")
        } else if metaVerifyTokenDigest == nil {
            lines.append("/webhooks/meta cannot be subscribed (GET answers 503): \(Self.metaVerifyTokenVariable) is not set")
        }
        if xSignature == nil {
            lines.append("/webhooks/x is off (503): \(Self.xConsumerSecretVariable) is not set")
        }
        return lines
    }
}
