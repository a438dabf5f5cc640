import CivicPulseCore
import Foundation

/// What ingesting one file did.
public struct FileReport: Sendable {
    public var file: String
    public var recognisedAs: String
    public var read = 0
    public var appended = 0
    /// Events already in the log, those this file corrected included.
    public var duplicates = 0
    /// Events already in the log whose reading here filled what the log left unknown.
    public var corrected = 0
    /// How many records were quarantined.
    public var quarantinedCount = 0
    /// The first ``listedLimit`` of them: a file of any length is reported in bounded memory,
    /// and every one of them is in the quarantine table.
    public var quarantined: [Rejection] = []
    public var platformErrors: [PlatformError] = []
    /// Set when the file could not be read at all.
    public var failure: String?

    /// The report of a file that could not be read at all, for `error`'s reason.
    static func unreadable(_ file: String, _ error: IngestError) -> FileReport {
        var report = FileReport(file: file, recognisedAs: "unreadable")
        report.failure = error.reason
        return report
    }

    /// How many quarantined records a report keeps to show.
    public static let listedLimit = 20

    /// Whether a person should look at this file: unreadable, an error response, or records quarantined.
    public var needsAttention: Bool {
        failure != nil || quarantinedCount > 0 || platformErrors.contains(where: \.isWholeResponse)
    }
}
