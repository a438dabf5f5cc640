import Foundation

/// One hour of an incident: what came in, and what the same hour brought in normal weeks.
public struct IncidentHour: Codable, Sendable, Equatable {
    public var hour: Date
    /// Residents' inbound messages and comments.
    public var inbound: Int
    /// The mean of the same hour in the normal weeks compared; nil when there are none.
    public var usualInbound: Double?
    /// Listening mentions.
    public var mentions: Int
    /// The series in spike during this hour (`topic flooding`, …).
    public var inSpike: [String]

    enum CodingKeys: String, CodingKey {
        case hour, inbound, mentions
        case usualInbound = "usual_inbound"
        case inSpike = "in_spike"
    }
}
