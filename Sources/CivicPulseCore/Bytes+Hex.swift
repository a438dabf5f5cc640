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

extension Data {
    /// The bytes written as ``Sequence/lowercaseHex`` writes them (either case read); nil for
    /// text that is not an even number of hex digits.
    public init?(lowercaseHex text: String) {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(bytes)
    }
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
