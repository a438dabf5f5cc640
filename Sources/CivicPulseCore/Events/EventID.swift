import Crypto
import Foundation

/// Derives an event's id from what the platform says it is, never from when we saw it.
///
/// The id is a UUID (version 8, RFC 9562) made of the first 128 bits of
/// SHA-256(`civicpulse-event-v1` ‖ platform ‖ source type ‖ source id), fields separated by NUL.
/// The source type is the platform's object type (`tweet`, `comment`, a metric with its
/// period and end time), not our classification, so that a change of pipeline config that
/// re-classifies a tweet still recognises it as the same event.
public enum EventID {
    public static func derive(platform: String, sourceType: String, sourceID: String) -> UUID {
        var hasher = SHA256()
        for part in ["civicpulse-event-v1", platform, sourceType, sourceID] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80 // version 8
        bytes[8] = (bytes[8] & 0x3f) | 0x80 // RFC 9562 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

extension UUID {
    /// The UUID's bytes as two big-endian integers: comparing these orders UUIDs as PostgreSQL's
    /// `uuid` type and their text form do, without formatting a string per comparison.
    public var byteOrder: (UInt64, UInt64) {
        withUnsafeBytes(of: uuid) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}
