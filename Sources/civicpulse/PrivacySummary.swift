import CivicPulsePrivacy

/// How an erasure is reported to a person, in one line.
enum PrivacySummary {
    static func line(_ verb: String, _ outcome: ErasureOutcome) -> String {
        "\(verb) \(IngestSummary.counted(outcome.messages, "message")) of \(IngestSummary.counted(outcome.residents, "resident"))"
            + (outcome.quarantined == 0 ? "" : "; \(IngestSummary.counted(outcome.quarantined, "quarantined record")) erased")
            + (outcome.archiveFiles == 0 ? "" : "; \(IngestSummary.counted(outcome.archiveFiles, "archive file")) rewritten")
    }
}
