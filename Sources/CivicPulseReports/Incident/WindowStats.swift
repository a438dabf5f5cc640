import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Response figures for the items opened in some stretches of time, as known at an instant.
public struct WindowStats: Codable, Sendable, Equatable {
    public var items: Int
    public var answered: Int
    public var urgent: Int
    public var medianFirstResponseSeconds: Double?
    public var p90FirstResponseSeconds: Double?
    /// Answered by the deadline, of the items whose outcome is known (answered, or open past it).
    public var withinTarget: Int
    public var judged: Int

    enum CodingKeys: String, CodingKey {
        case items, answered, urgent, judged
        case medianFirstResponseSeconds = "median_first_response_seconds"
        case p90FirstResponseSeconds = "p90_first_response_seconds"
        case withinTarget = "within_target"
    }

    /// Items opened in any of `windows`, answers known by `asOf`.
    static func load(org: String, windows: [(from: Date, to: Date)], asOf: Date, on connection: Connection) throws -> WindowStats {
        let row = try IncidentQueries.windowFigures(org: org, windows: windows, asOf: asOf, on: connection)
        return WindowStats(
            items: row.items, answered: row.answered, urgent: row.urgent, medianFirstResponseSeconds: row.medianSeconds,
            p90FirstResponseSeconds: row.p90Seconds, withinTarget: row.withinTarget, judged: row.judged
        )
    }
}

/// Responses during an incident against the same hours of normal weeks.
public struct ResponseComparison: Codable, Sendable, Equatable {
    public var during: WindowStats
    /// Pooled over the normal weeks compared.
    public var normal: WindowStats
}
