import Crypto
import Foundation

/// Turns a platform user id into a keyed hash, so residents are never stored by id.
///
/// HMAC-SHA256 with a secret that lives outside the database: whoever can read the
/// database cannot reverse or recompute a hash without also holding the key.
/// (`@unchecked`: swift-crypto has not marked `HMAC` `Sendable`; the stored state is never mutated.)
public struct ActorHasher: @unchecked Sendable {
    /// HMAC's state after taking the key, copied for each hash instead of keyed again:
    /// hashing was a tenth of ingest's CPU, half of it spent on the key.
    private let keyed: HMAC<SHA256>

    public init(secret: Data) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// The hash of `userID` on `platform`; the same person on two platforms gets two hashes.
    public func hash(platform: String, userID: String) -> Data {
        var mac = keyed
        mac.update(data: Data("\(platform):\(userID)".utf8))
        return Data(mac.finalize())
    }

    /// The hash of a handle on `platform`, in any case and with or without its `@`: platforms
    /// match handles without regard to case. It cannot equal a user id's hash, as no user id
    /// starts with `@`.
    public func hash(platform: String, handle: String) -> Data {
        hash(platform: platform, userID: "@" + Self.bareHandle(handle).lowercased())
    }

    /// `handle` without a leading `@`.
    public static func bareHandle(_ handle: String) -> String {
        handle.hasPrefix("@") ? String(handle.dropFirst()) : handle
    }

    /// A new random secret of 32 bytes.
    public static func generateSecret() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }
}
