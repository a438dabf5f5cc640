import Foundation

extension GenericChannel {
    /// The column of an export that holds the platform's own id of each message (a tweet id, a
    /// Facebook or YouTube comment id), and whose ids they are. A row with one becomes the event
    /// the platform's reader makes of the same message (``EventID``), so the same tweet read from
    /// the API and from a customer-care export is one event in the log.
    public struct PlatformIDs: Sendable, Equatable {
        public var column: String
        public var platform: Platform

        static func parse(_ node: ConfigNode) throws -> PlatformIDs {
            try node.allowOnly(["column", "platform"])
            return PlatformIDs(column: try node.required("column").string(), platform: try node.required("platform").oneOf(Platform.self))
        }
    }

    /// A platform whose message ids an export may carry.
    public enum Platform: String, CaseIterable, Sendable {
        case twitter, facebook, youtube

        /// The source type its reader gives a message: an event id is derived from platform,
        /// source type and id, so these must be the readers' own (`TwitterClassifier`,
        /// `FacebookClassifier` for comments, `YouTubeComments`).
        public var messageSourceType: String {
            switch self {
            case .twitter: "tweet"
            case .facebook, .youtube: "comment"
            }
        }
    }
}
