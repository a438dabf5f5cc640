/// What an erasure did, as its summary line and the register count it.
public struct ErasureOutcome: Sendable, Equatable {
    /// Messages whose key was destroyed.
    public var messages = 0
    /// Residents whose pseudonym was unlinked.
    public var residents = 0
    /// Quarantined records blanked because they named the resident.
    public var quarantined = 0
    /// Fetch/serve archive files rewritten without the resident.
    public var archiveFiles = 0

    public init(messages: Int = 0, residents: Int = 0, quarantined: Int = 0, archiveFiles: Int = 0) {
        self.messages = messages
        self.residents = residents
        self.quarantined = quarantined
        self.archiveFiles = archiveFiles
    }

    static func + (left: Self, right: Self) -> Self {
        Self(messages: left.messages + right.messages, residents: left.residents + right.residents,
             quarantined: left.quarantined + right.quarantined,
             archiveFiles: left.archiveFiles + right.archiveFiles)
    }
}
