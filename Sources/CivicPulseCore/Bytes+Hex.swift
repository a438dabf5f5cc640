import Foundation

extension Sequence where Element == UInt8 {
    /// The bytes in lower-case hex, two digits each: how digests, signatures and fingerprints
    /// are written wherever CivicPulse writes or compares one.
    public var lowercaseHex: String {
        map { String(format: "%02x", $0) }.joined()
    }
}
