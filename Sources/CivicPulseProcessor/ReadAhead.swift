import CivicPulseReadModel

/// The decisions of a catch-up that reads each batch while the one before is applied, kept apart
/// from the connections they act on (as postgres-nio's `ConnectionStateMachine` is from its
/// channel), so that two processors over one log can be stepped through with no server.
///
/// A batch read ahead is as safe as one read in its transaction: the read takes only events
/// whose transactions have ended. The catch-up stops at the first empty read, which ran beside
/// the last batch's transaction and so could not see what that transaction appended (spike
/// events); `Processor.catchUp` goes on from there batch by batch. It stops too, leaving the batch
/// unapplied, if the checkpoint is not where the batch was read from: another processor moved it,
/// and has applied those events already.
struct ReadAhead {
    private enum State {
        /// The batch after `from` is being read.
        case reading(from: Checkpoint)
        /// The batch after `from` is read and waits to be applied; the one after `next` is being read.
        case holding(from: Checkpoint, next: Checkpoint, count: Int)
        /// The batch held was applied; the one after `next` is being read.
        case applying(next: Checkpoint, count: Int)
        case stopped
    }

    private var state: State
    /// Events applied so far.
    private(set) var applied = 0

    /// A catch-up from the checkpoint as stored when it starts.
    init(from checkpoint: Checkpoint) {
        state = .reading(from: checkpoint)
    }

    /// Where the first read starts.
    var firstRead: Checkpoint {
        guard case .reading(let from) = state else { preconditionFailure("read ahead: the first read has been made") }
        return from
    }

    var isStopped: Bool {
        if case .stopped = state { return true }
        return false
    }

    /// The batch being read has come back. Returns nil when it is empty (the catch-up is over),
    /// else the point to read the following batch after while this one is applied.
    mutating func received(_ events: [LoggedEvent]) -> Checkpoint? {
        guard case .reading(let from) = state else { preconditionFailure("read ahead: a batch came back that was not asked for") }
        guard let last = events.last else {
            state = .stopped
            return nil
        }
        let next = Checkpoint(txID: last.txID, position: last.position, eventsProcessed: 0)
        state = .holding(from: from, next: next, count: events.count)
        return next
    }

    /// In the batch's transaction, given the checkpoint as stored there: whether the batch held
    /// follows it and is to be applied. When the checkpoint moved elsewhere, the catch-up stops.
    mutating func mayApply(over stored: Checkpoint) -> Bool {
        guard case .holding(let from, let next, let count) = state else { preconditionFailure("read ahead: no batch is held") }
        guard (stored.txID, stored.position) == (from.txID, from.position) else {
            state = .stopped
            return false
        }
        state = .applying(next: next, count: count)
        return true
    }

    /// The batch's transaction committed: the batch being read is the next to apply.
    mutating func committed() {
        guard case .applying(let next, let count) = state else { preconditionFailure("read ahead: no batch was applied") }
        applied += count
        state = .reading(from: next)
    }
}
