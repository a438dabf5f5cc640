import Crypto
import Foundation

/// Turns a platform user id into a keyed hash, so residents are never stored by id.
///
/// HMAC-SHA256 with a secret that lives outside the database: whoever can read the
/// database cannot reverse or recompute a hash without also holding the key.
/// (`@unchecked`: `SymmetricKey` is an immutable value swift-crypto has not marked `Sendable`.)
public struct ActorHasher: @unchecked Sendable {
    private let key: SymmetricKey

    public init(secret: Data) {
        key = SymmetricKey(data: secret)
    }

    /// The hash of `userID` on `platform`; the same person on two platforms gets two hashes.
    public func hash(platform: String, userID: String) -> Data {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(platform):\(userID)".utf8), using: key)
        return Data(mac)
    }

    /// A new random secret of 32 bytes.
    public static func generateSecret() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }
}
