/// Projections last moved by a newer CivicPulse than the one running, said as a sentence.
///
/// Processing on would mix rows of two versions, and rebuilding by itself would undo the newer
/// binary's work each time the older one ran (two hosts mid-upgrade, a rollback): a person decides,
/// by running the newer binary or by asking this one for `process --rebuild`.
public struct NewerProjections: Error, CustomStringConvertible, Sendable {
    /// The version the checkpoint names.
    public let found: Int
    /// The version this binary keeps (`Checkpoint.projectionsVersion`).
    public let kept: Int

    public var description: String {
        "the projections were last processed by a newer CivicPulse (projections version \(found); this one keeps \(kept)): "
            + "run the newer civicpulse, or `civicpulse process --rebuild` to rebuild them with this one"
    }
}
