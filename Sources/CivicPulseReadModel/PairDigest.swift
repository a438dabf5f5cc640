import Crypto
import Foundation

/// One bigint naming a pair of labels, so that a projection keeps 8 bytes where it kept both
/// labels in every row and index entry: a council's forest on a platform
/// (`projections.conversation_nodes`, migration 160), a pair of calendar and policy versions
/// (`ResponseRules`, migration 157). A digest, not a number handed out in turn, so that any
/// batching of the log and any rebuild give the same id with no lookup.
enum PairDigest {
    /// The first 8 bytes, big-endian and signed, of the SHA-256 of the first label's length in
    /// bytes, a colon and both labels (so no two pairs make one text); `projections.pair_digest`
    /// computes the same in SQL.
    static func id(_ first: String, _ second: String) -> Int64 {
        let text = "\(first.utf8.count):\(first)\(second)"
        return SHA256.hash(data: Data(text.utf8)).withUnsafeBytes { digest in
            Int64(bitPattern: UInt64(bigEndian: digest.loadUnaligned(as: UInt64.self)))
        }
    }
}
