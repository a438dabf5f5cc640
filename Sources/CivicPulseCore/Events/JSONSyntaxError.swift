import Foundation

/// Where JSON text stops being JSON, and what was expected there.
///
/// Safe to print: it names a place and the kind of byte found, never the text around it, which
/// may be a resident's message.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line the problem is on, counting from 1.
    public let line: Int
    /// The offending byte's position in the text, counting its first byte as byte 1 (as `cmp` does).
    public let byte: Int
    /// What was found and what was expected: `expected ',' or '}' after a member, found ']'`.
    public let reason: String

    public init(line: Int, byte: Int, reason: String) {
        self.line = line
        self.byte = byte
        self.reason = reason
    }

    public var description: String { "line \(line), byte \(byte): \(reason)" }
}
