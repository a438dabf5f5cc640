import CivicPulseCore
import Crypto
import Foundation

/// The secret behind actor hashes. It never enters the database: without it, a hash cannot be
/// recomputed from a user id. Losing it means new events no longer match old residents.
public enum ActorKey {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// A key and where it came from, so that a refusal can say which key it refused.
    struct Found {
        let key: Data
        let source: String
    }

    /// The key file under `home`.
    static func file(in home: URL) -> URL {
        home.appendingPathComponent("actor.key")
    }

    /// `CIVICPULSE_ACTOR_KEY` (64 hex digits) if set; else `<home>/actor.key` if there is one; else nil.
    static func existing(environment: [String: String], home: URL) throws -> Found? {
        if let hex = environment["CIVICPULSE_ACTOR_KEY"] {
            guard let key = decodeHex(hex), key.count >= 32 else {
                throw Failure(message: "CIVICPULSE_ACTOR_KEY must be at least 64 hex digits (32 bytes)")
            }
            return Found(key: key, source: "CIVICPULSE_ACTOR_KEY")
        }
        let file = Self.file(in: home)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        // A file that cannot be read is refused, not replaced: replacing it would lose the key.
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw Failure(message: "cannot read the actor key in \(file.path)")
        }
        guard let key = decodeHex(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
            throw Failure(message: "\(file.path) does not hold a key of 64 hex digits")
        }
        return Found(key: key, source: file.path)
    }

    /// A new random key, written to `<home>/actor.key` (mode 0600).
    static func create(home: URL) throws -> Found {
        let key = ActorHasher.generateSecret()
        let file = Self.file(in: home)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: Data((key.lowercaseHex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(message: "cannot write a new actor key to \(file.path)")
        }
        return Found(key: key, source: file.path)
    }

    /// What the database keeps to recognise the key: HMAC-SHA256 of a fixed label under the key,
    /// the first 16 bytes in hex. It tells nothing of the key, and as the label has no colon it is
    /// never the hash of a resident (`platform:user id`), so it gives nobody a resident's hash either.
    public static func fingerprint(of key: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("civicpulse actor key check v1".utf8), using: SymmetricKey(data: key)).prefix(16).lowercaseHex
    }

    static func decodeHex(_ text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return Data(bytes)
    }
}
