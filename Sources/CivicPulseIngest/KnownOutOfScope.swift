import CivicPulseCore

/// Platform payloads CivicPulse knows and does not read, each with why.
///
/// For a document of no known kind, ingest suggests naming its source; for these, no source
/// would help, and the suggestion sent people round in circles. What each holds is said instead,
/// with what to fetch in its place.
enum KnownOutOfScope {
    /// Why `document` is not read, when it is one of these; nil for a document of no known kind.
    static func reason(for document: JSONValue) -> String? {
        let kind = document["kind"]?.stringValue
        if kind == "youtube#searchListResponse" {
            return "a YouTube search.list response holds only the ids of videos and channels, no comments or statistics, "
                + "so nothing in it can be ingested; fetch commentThreads and videos.list instead (civicpulse fetch --platform youtube)"
        }
        return nil
    }
}
