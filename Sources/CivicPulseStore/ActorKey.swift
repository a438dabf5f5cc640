import CivicPulseCore
import Foundation

/// The secret behind actor hashes. It never enters the database: without it, a hash cannot be
/// recomputed from a user id. Losing it means new events no longer match old residents.
public enum ActorKey {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// `CIVICPULSE_ACTOR_KEY` (64 hex digits) if set; else `<home>/actor.key`, created on first use (mode 0600).
    public static func load(environment: [String: String], home: URL) throws -> Data {
        if let hex = environment["CIVICPULSE_ACTOR_KEY"] {
            guard let key = decodeHex(hex), key.count >= 32 else {
                throw Failure(message: "CIVICPULSE_ACTOR_KEY must be at least 64 hex digits (32 bytes)")
            }
            return key
        }
        let file = home.appendingPathComponent("actor.key")
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            guard let key = decodeHex(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
                throw Failure(message: "\(file.path) does not hold a key of 64 hex digits")
            }
            return key
        }
        let key = ActorHasher.generateSecret()
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let hex = key.map { String(format: "%02x", $0) }.joined()
        guard FileManager.default.createFile(atPath: file.path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(message: "cannot write a new actor key to \(file.path)")
        }
        return key
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
