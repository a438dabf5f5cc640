import Foundation

/// A topic's or a service's messages during an incident, against the same hours of normal weeks.
public struct SeriesVolume: Codable, Sendable, Equatable {
    public var value: String
    public var messages: Int
    /// The mean over the normal weeks of the same hours' total; nil when there are none.
    public var usual: Double?

    public var timesUsual: Double? {
        guard let usual else { return nil }
        return usual > 0 ? Double(messages) / usual : nil
    }

    enum CodingKeys: String, CodingKey {
        case value, messages, usual
        case timesUsual = "times_usual"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(messages, forKey: .messages)
        try container.encode(usual, forKey: .usual)
        try container.encode(timesUsual, forKey: .timesUsual)
    }

    public init(value: String, messages: Int, usual: Double?) {
        self.value = value
        self.messages = messages
        self.usual = usual
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(value: try container.decode(String.self, forKey: .value), messages: try container.decode(Int.self, forKey: .messages),
                  usual: try container.decodeIfPresent(Double.self, forKey: .usual))
    }
}
