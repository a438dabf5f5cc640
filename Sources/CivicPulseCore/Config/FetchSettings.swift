import Foundation

/// Where `civicpulse fetch` finds its credentials and keeps the raw responses (`fetch:` in the pipeline).
///
/// Paths are taken from the pipeline file's folder when relative, so a timer that runs the
/// command from another folder still finds them.
public struct FetchSettings: Sendable, Equatable {
    /// A file of `NAME=value` lines holding the platforms' tokens, readable by its owner only.
    public var credentials: String?
    /// The folder every response body is archived in before it is ingested.
    public var archive: String?

    public init(credentials: String? = nil, archive: String? = nil) {
        self.credentials = credentials
        self.archive = archive
    }

    static func parse(_ node: ConfigNode?, pipelineFile: String) throws -> FetchSettings {
        guard let node else { return FetchSettings() }
        try node.allowOnly(["credentials", "archive"])
        let folder = URL(fileURLWithPath: pipelineFile).deletingLastPathComponent()
        func path(_ key: String) throws -> String? {
            guard let text = try node.optional(key)?.string() else { return nil }
            return text.hasPrefix("/") ? text : folder.appendingPathComponent(text).standardizedFileURL.path
        }
        return FetchSettings(credentials: try path("credentials"), archive: try path("archive"))
    }
}
