import Foundation

extension Sequence where Element == UInt8 {
    /// The bytes in lower-case hex, two digits each: how digests, signatures and fingerprints
    /// are written wherever CivicPulse writes or compares one.
    ///
    /// Written as bytes from a table: `String(format: "%02x")` for each byte was half of ingest's
    /// client CPU, which writes every resident's keyed hash and new pseudonym in hex (docs/performance.md).
    public var lowercaseHex: String {
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
