import CivicPulseCore
import Foundation

/// When the council's staff answer: mostly in their service's opening hours, after a delay
/// that is usually short and sometimes days; some questions never get an answer.
enum StaffModel {
    /// Out-of-hours cover answers a few ordinary messages in the evening or at weekends.
    static let outOfHoursRate = 0.06
    /// The flood emergency team answers most urgent messages, day or night.
    static let urgentAnswerRate = 0.92

    /// When staff on `account` answer a message that arrived at `asked`, or nil if nobody does.
    static func answer(asked: Millis, channel: Channel, account: OrgAccount, urgent: Bool, random: inout SeededRandom) -> Millis? {
        if urgent {
            guard random.chance(urgentAnswerRate) else { return nil }
            return asked + clamp(random.logNormal(median: 25 * 60, sigma: 0.8), 3 * 60, 12 * 3600)
        }
        guard random.chance(channel.answerRate) else { return nil }
        return workingReply(asked: asked, channel: channel, account: account, random: &random)
    }

    /// A further answer after a resident's follow-up (always someone's job to look at it).
    static func answerAgain(asked: Millis, channel: Channel, account: OrgAccount, urgent: Bool, random: inout SeededRandom) -> Millis {
        if urgent { return asked + clamp(random.logNormal(median: 30 * 60, sigma: 0.8), 3 * 60, 12 * 3600) }
        return workingReply(asked: asked, channel: channel, account: account, random: &random)
    }

    private static func workingReply(asked: Millis, channel: Channel, account: OrgAccount, random: inout SeededRandom) -> Millis {
        if random.chance(outOfHoursRate) {
            return asked + clamp(random.logNormal(median: 2 * 3600, sigma: 1.0), 10 * 60, 3 * 86_400)
        }
        // Working time, counted only while the team is open: Friday evening's message waits for Monday.
        let working = clamp(random.logNormal(median: channel.medianWorkingDelay, sigma: 1.6), 3 * 60, 15 * 8 * 3600)
        let calendar = account.calendar.version(at: asked.date).value
        let answered = Millis(calendar.adding(businessSeconds: Int(working / 1000), to: asked.date))
        return answered + Millis(random.below(1000))
    }

    /// How long a resident waits before writing again when nobody has answered.
    static func nudgeDelay(_ random: inout SeededRandom) -> Millis {
        clamp(random.logNormal(median: 50 * 60, sigma: 1.0), 2 * 60, 86_400)
    }

    /// How long after an answer a resident replies to it.
    static func followUpDelay(_ random: inout SeededRandom) -> Millis {
        clamp(random.logNormal(median: 40 * 60, sigma: 1.3), 60, 3 * 86_400)
    }

    /// A duration in seconds, kept within bounds, as milliseconds.
    private static func clamp(_ seconds: Double, _ low: Double, _ high: Double) -> Millis {
        Millis(min(max(seconds, low), high) * 1000)
    }
}
