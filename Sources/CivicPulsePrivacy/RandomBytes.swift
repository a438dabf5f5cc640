import Foundation

/// Random bytes for one piece of a file, drawn from the system's cryptographic generator in one
/// call and handed out once each: every message key, nonce and pseudonym candidate the piece needs.
///
/// Crypto's `SymmetricKey(size:)` and `AES.GCM.Nonce()` draw through `SystemRandomNumberGenerator`
/// eight bytes at a time, a `getrandom` system call each: six to eight calls for every sealed
/// message and four for every pseudonym candidate, the largest part of sealing's 11 % of ingest's
/// client CPU (docs/performance.md).
///
/// Why every message still has a fresh key independent of every other (docs/privacy.md): the
/// bytes come from the same kind of generator, the kernel's (`arc4random_buf` is `getrandom` in
/// glibc 2.36, and the system's cryptographic generator on macOS), whose output is uniform and
/// independent whether it is asked for 32 bytes at a time or for 32·n at once; so n keys cut from
/// one draw are as independent as n keys drawn apart. Each byte is handed out once (``take(_:)``
/// only moves forward, and traps past the end rather than wrap), so no two keys, nonces or
/// candidates share a byte, and no key is derived from another or from anything stored: knowing
/// one message's key, or every other key of the piece, tells nothing about it, and destroying
/// it still forgets exactly that one message.
public struct RandomBytes {
    /// Fills a buffer with random bytes: the system's generator, or a test's.
    public typealias Draw = (UnsafeMutableRawBufferPointer) -> Void

    private var bytes: [UInt8]
    private var used = 0

    /// `count` random bytes, drawn with one call of `draw`.
    public init(count: Int, draw: Draw = RandomBytes.system) {
        bytes = [UInt8](repeating: 0, count: count)
        if count > 0 { bytes.withUnsafeMutableBytes(draw) }
    }

    /// The system's cryptographic generator.
    public static func system(_ buffer: UnsafeMutableRawBufferPointer) {
        arc4random_buf(buffer.baseAddress!, buffer.count)
    }

    /// The next `count` bytes, never handed out before.
    public mutating func take(_ count: Int) -> Data {
        precondition(used + count <= bytes.count, "RandomBytes: \(count) more bytes asked of \(bytes.count - used) left")
        defer { used += count }
        return Data(bytes[used..<(used + count)])
    }
}
