/// The log holds an event of a council none of the processor's pipelines names.
///
/// Judged by another council's pipeline, its items would get that council's calendars and
/// targets, and skipped, it would never be processed once the checkpoint passed it. So the batch
/// holding it is not applied: the checkpoint stays before it, and a run given the council's
/// pipeline takes it up. A rebuild is refused before it empties anything.
public struct UnknownCouncil: Error, CustomStringConvertible, Sendable {
    /// The council the event belongs to.
    public let org: String
    /// Where the event is in the log.
    public let position: Int64
    /// The councils the processor was given.
    public let known: [String]

    public var description: String {
        "the log holds events of council '\(org)' (the first at log position \(position)), which none of the pipelines given names "
            + "(councils: \(known.joined(separator: ", "))): give every council's pipeline, --pipeline FILE once per council "
            + "(docs/benchmarking.md); nothing was applied from that event on, and no projection was emptied"
    }
}
