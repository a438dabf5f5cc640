import Foundation

/// When residents write: few at night, a morning and an evening peak, Monday the busiest
/// day and weekends quiet.
struct ActivityCurve: Sendable {
    /// Relative volume by local hour, 00 to 23.
    static let hourly: [Double] = [
        0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.75, 1.25, 1.6, 1.7, 1.6,
        1.5, 1.45, 1.4, 1.35, 1.35, 1.4, 1.45, 1.5, 1.45, 1.2, 0.8, 0.4,
    ]
    /// Relative volume by weekday, Monday to Sunday.
    static let weekday: [Double] = [1.4, 1.15, 1.05, 1.0, 0.9, 0.55, 0.5]

    private static let mean: Double = {
        hourly.reduce(0, +) / 24 * weekday.reduce(0, +) / 7
    }()

    /// How busy an hour is against the average hour of the week (1.0).
    static func weight(_ reading: LocalClock.Reading) -> Double {
        hourly[reading.hour] * weekday[reading.weekday - 1] / mean
    }
}

/// The channels residents write on, and how the council's staff treat each.
enum Channel: Int, Sendable, CaseIterable {
    case twitter, facebookComment, messenger, youtube

    var platform: Platform {
        switch self {
        case .twitter: .twitter
        case .facebookComment, .messenger: .facebook
        case .youtube: .youtube
        }
    }

    /// Share of residents' new questions on this channel (before leaving out missing platforms).
    var share: Double {
        switch self {
        case .twitter: 0.45
        case .facebookComment: 0.25
        case .messenger: 0.18
        case .youtube: 0.12
        }
    }

    /// How often staff answer at all: comment sections are watched less than inboxes.
    var answerRate: Double {
        switch self {
        case .twitter: 0.85
        case .facebookComment: 0.7
        case .messenger: 0.9
        case .youtube: 0.55
        }
    }

    /// Typical working time before an answer, in seconds (the median; the tail is long).
    var medianWorkingDelay: Double {
        switch self {
        case .twitter: 40 * 60
        case .facebookComment: 150 * 60
        case .messenger: 60 * 60
        case .youtube: 6 * 3600
        }
    }
}

/// How many of everything per day for a mid-sized council (`--scale 1`).
enum Volume {
    /// Residents' new questions, all channels together.
    static let questionsPerDay = 300.0
    /// Listening hits: the place talked about, not to the council.
    static let chatterPerDay = 150.0
    /// Own posts per account per day.
    static func postsPerDay(platform: Platform, central: Bool) -> Double {
        switch (platform, central) {
        case (.twitter, true): 4
        case (.twitter, false): 1.5
        case (.facebook, true): 2.5
        case (.facebook, false): 1
        case (.youtube, _): 0.4
        }
    }
    /// Retweets of each of the council's tweets.
    static let retweetsPerPost = 2.0
    /// Flood messages in an hour of intensity 1, against the average hour's questions.
    static let floodQuestionsFactor = 4.0
    /// Flood chatter in an hour of intensity 1, against the average hour's chatter.
    static let floodChatterFactor = 10.0
    /// Chance a resident writes again before anyone answers.
    static let nudgeRate = 0.2
    /// Chance a resident writes again after the answer, and that staff answer that too.
    static let followUpRate = 0.25
    static let secondAnswerRate = 0.5
    /// Chance a Twitter question is a reply to one of the account's recent tweets.
    static let replyToPostRate = 0.3
}
