import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// The resolutions a batch keeps with the items of the conversations it touches
/// (`KeptResolution`, docs/calendars-and-sla.md "Resolution"): each item the batch writes walks
/// its conversation's messages from its opening; each item opened at or before the cut of a
/// conversation read from its cut, which the batch does not write again, goes on from the walk
/// kept at that cut through the messages after it, which the batch read. The walks stop at each
/// conversation's new cut (the later of the cut read from and the last quiet point found) to keep
/// the walk there for the next batch. Each resolution is timed on the item's service's calendar
/// as it was when the item opened, as its first response is (`PipelineConfig.verdict(for:)`).
struct ResolutionUpkeep {
    typealias QuietPoint = ResponseMatcher.QuietPoint

    /// Each conversation's messages the batch read, in the matcher's order.
    private let conversations: [String: [ConversationMessage]]
    /// The cuts the conversations read from their cut were read from.
    private let readFrom: [String: QuietPoint]
    /// Each conversation's cut once the batch is written.
    private let cuts: [String: QuietPoint]
    private let config: PipelineConfig
    private var quietPeriod: TimeInterval { config.resolutionQuietPeriod }

    /// - Parameters:
    ///   - messages: the messages of the conversations the batch writes items of.
    ///   - readFrom: the cuts of those read from their cut; the others were read whole.
    ///   - quiet: each conversation's last quiet point in `messages`.
    ///   - config: the quiet period, and the calendars the resolutions are timed on.
    init(messages: [ConversationMessage], readFrom: [String: QuietPoint], quiet: [String: QuietPoint], config: PipelineConfig) {
        conversations = Dictionary(grouping: messages, by: \.conversationKey)
            .mapValues { $0.sorted { ResolutionWalk.point($0) < ResolutionWalk.point($1) } }
        self.readFrom = readFrom
        cuts = quiet.merging(readFrom, uniquingKeysWith: max)
        self.config = config
    }

    /// The resolution of an item the batch writes, from its opening.
    func kept(for item: ResponseItem) -> KeptResolution {
        let opening = QuietPoint(at: item.openedAt, eventID: item.itemID)
        return timed(walk(from: ResolutionWalk(), after: opening, in: item.conversationKey, resident: item.residentHash),
                     service: item.service, openedAt: item.openedAt)
    }

    /// The resolution of an item opened at or before the cut its conversation was read from,
    /// walked on from the one kept at that cut; nil when it does not change.
    func walkedOn(_ earlier: ResolutionBeforeCut) -> ResolutionBeforeCut? {
        guard let cut = readFrom[earlier.conversationKey] else { return nil }
        var walked = earlier
        walked.kept = timed(walk(from: earlier.kept.atCut, after: cut, in: earlier.conversationKey, resident: earlier.residentHash),
                            service: earlier.service, openedAt: earlier.openedAt)
        return walked == earlier ? nil : walked
    }

    /// `kept` with its candidate's business time.
    private func timed(_ kept: KeptResolution, service: String, openedAt: Date) -> KeptResolution {
        var timed = kept
        timed.businessSeconds = kept.candidate.map {
            config.calendar(forService: service).version(at: openedAt).value.businessSeconds(from: openedAt, to: $0.resolvedAt)
        }
        return timed
    }

    private func walk(from start: ResolutionWalk, after point: QuietPoint, in key: String, resident: Data?) -> KeptResolution {
        let messages = conversations[key] ?? []
        guard let cut = cuts[key] else {
            return KeptResolution(atCut: ResolutionWalk(), candidate: start.walked(sorted: messages, after: point, resident: resident, quietPeriod: quietPeriod).candidate)
        }
        let atCut = start.walked(sorted: messages, after: point, through: cut, resident: resident, quietPeriod: quietPeriod)
        let all = atCut.walked(sorted: messages, after: max(point, cut), resident: resident, quietPeriod: quietPeriod)
        return KeptResolution(atCut: atCut, candidate: all.candidate)
    }
}
