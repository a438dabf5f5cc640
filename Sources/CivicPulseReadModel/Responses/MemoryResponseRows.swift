import CivicPulseCore
import Foundation

/// `ResponseRows` in memory, with the behaviour of `PostgresResponseRows` (the shared suite in
/// the integration tests runs both and compares their rows), so that the response projection's
/// logic can be tested step by step without a server, as hummingbird's `MemoryPersistDriver`
/// stands beside its PostgreSQL driver.
public final class MemoryResponseRows: ResponseRows {
    public typealias QuietPoint = ResponseMatcher.QuietPoint

    /// The messages, by their position in the log.
    public private(set) var messages: [Int64: ConversationMessage] = [:]
    /// The items, by item id; each holds its replies, deleted and inserted with it.
    public private(set) var items: [UUID: JudgedResponseItem] = [:]
    public private(set) var cuts: [String: QuietPoint] = [:]
    /// The settled messages' positions, by conversation.
    public private(set) var settled: [String: SettledMessages] = [:]
    /// Each council's newest message recorded (`moveHorizons`).
    public private(set) var horizons: [String: Date] = [:]
    public private(set) var staleWeeks: Set<StaleWeek> = []
    private let weeks: Calendar

    /// - Parameter timeZone: the pipeline's, whose Mondays cut the weeks.
    public init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        weeks = calendar
    }

    public func cuts(of keys: [String]) throws -> [String: QuietPoint] {
        let keys = Set(keys)
        return cuts.filter { keys.contains($0.key) }
    }

    public func messages(of keys: [String]) throws -> [ConversationMessage] {
        let keys = Set(keys)
        return messages.values.filter { keys.contains($0.conversationKey) }
    }

    public func messages(after cuts: [String: QuietPoint]) throws -> [ConversationMessage] {
        messages.values.filter { message in
            guard let cut = cuts[message.conversationKey] else { return false }
            return Self.point(of: message) > cut || ConversationMessage.withdrawals.contains(message.kind)
        }
    }

    public func messages(ids: [UUID]) throws -> [ConversationMessage] {
        let ids = Set(ids)
        return messages.values.filter { ids.contains($0.eventID) }
    }

    public func replace(_ messages: [ConversationMessage]) throws {
        let replacements = Dictionary(messages.map { ($0.eventID, $0) }, uniquingKeysWith: { $1 })
        for (position, stored) in self.messages {
            if let replacement = replacements[stored.eventID] { self.messages[position] = replacement }
        }
    }

    public func append(_ messages: [(position: Int64, message: ConversationMessage)], settlingThrough through: [String: QuietPoint]) throws {
        for (position, message) in messages { self.messages[position] = message }
        for (position, message) in self.messages where SettledMessages.settles(message, through: through) {
            self.messages[position] = nil
            settle([(position, message.urgent)], in: message.conversationKey, org: message.org)
        }
    }

    /// Adds positions to a conversation's settled messages, in order.
    private func settle(_ added: [(position: Int64, urgent: Bool)], in key: String, org: String) {
        var messages = settled[key] ?? SettledMessages(conversationKey: key, org: org, positions: [], urgent: [])
        messages.positions = Array(Set(messages.positions).union(added.map(\.position))).sorted()
        messages.urgent = Array(Set(messages.urgent).union(added.filter(\.urgent).map(\.position))).sorted()
        settled[key] = messages
    }

    public func unsettle(_ keys: [String]) throws -> [SettledMessages] {
        keys.compactMap { settled.removeValue(forKey: $0) }
    }

    public func unsettle(holding positions: [Int64]) throws -> [SettledMessages] {
        let positions = Set(positions)
        return try unsettle(settled.values.filter { !positions.isDisjoint(with: $0.positions) }.map(\.conversationKey))
    }

    public func horizons(of councils: [String]) throws -> [String: Date] {
        horizons.filter { councils.contains($0.key) }
    }

    public func moveHorizons(to newest: [String: Date]) throws -> [String: Date] {
        let before = try horizons(of: Array(newest.keys))
        horizons.merge(newest, uniquingKeysWith: max)
        return before
    }

    public func settleSilent(horizons: [String: Date]) throws {
        for (key, messages) in Dictionary(grouping: messages, by: \.value.conversationKey) {
            guard let horizon = horizons[messages[0].value.org],
                  messages.allSatisfy({ $0.value.occurredAt < SettledMessages.silentBefore(horizon) }) else { continue }
            for (position, _) in messages { self.messages[position] = nil }
            settle(messages.map { ($0.key, $0.value.urgent) }, in: key, org: messages[0].value.org)
            cuts[key] = nil
        }
    }

    public func deleteItems(of keys: [String]) throws {
        let keys = Set(keys)
        delete { keys.contains($0.conversationKey) }
    }

    public func deleteItems(after cuts: [String: QuietPoint]) throws {
        delete { item in
            cuts[item.conversationKey].map { QuietPoint(at: item.openedAt, eventID: item.itemID) > $0 } ?? false
        }
    }

    private func delete(where gone: (ResponseItem) -> Bool) {
        for (id, row) in items where gone(row.item) {
            items[id] = nil
            staleWeeks.insert(week(of: row.item.org, at: row.item.openedAt))
        }
    }

    public func markStale(_ opened: [(org: String, at: Date)]) throws {
        for (org, at) in opened { staleWeeks.insert(week(of: org, at: at)) }
    }

    public func insert(_ rows: [JudgedResponseItem]) throws {
        for row in rows { items[row.item.itemID] = row }
    }

    public func resolutions(before cuts: [String: QuietPoint]) throws -> [ResolutionBeforeCut] {
        items.values.compactMap { row in
            let item = row.item
            guard let cut = cuts[item.conversationKey], QuietPoint(at: item.openedAt, eventID: item.itemID) <= cut,
                  row.resolution.atCut.stage != .resolved else { return nil }
            return ResolutionBeforeCut(org: item.org, itemID: item.itemID, openedAt: item.openedAt, conversationKey: item.conversationKey,
                                       service: item.service, residentHash: item.residentHash, kept: row.resolution)
        }
    }

    public func updateResolutions(_ resolutions: [ResolutionBeforeCut]) throws {
        for resolution in resolutions where items[resolution.itemID] != nil {
            items[resolution.itemID]!.resolution = resolution.kept
        }
    }

    public func saveCuts(_ quiet: [String: QuietPoint], readWhole: Set<String>) throws {
        for key in readWhole { cuts[key] = nil }
        for (key, point) in quiet where cuts[key].map({ point > $0 }) ?? true {
            cuts[key] = point
        }
    }

    public func rename(_ keys: [String: String]) throws {
        guard !keys.isEmpty else { return }
        for (position, message) in messages {
            if let new = keys[message.conversationKey] { messages[position]!.conversationKey = new }
        }
        for (id, row) in items {
            if let new = keys[row.item.conversationKey] { items[id]!.item.conversationKey = new }
        }
        for (old, new) in keys {
            guard let moved = settled.removeValue(forKey: old) else { continue }
            settle(moved.positions.map { ($0, moved.isUrgent($0)) }, in: new, org: moved.org)
        }
        for (old, new) in keys {
            cuts[old] = nil
            cuts[new] = nil
        }
    }

    public func reset() throws {
        messages = [:]
        items = [:]
        cuts = [:]
        settled = [:]
        horizons = [:]
        staleWeeks = []
    }

    /// Sets the urgency of the message at `position`, stored or settled; returns its conversation
    /// if that changed it (`MemorySpikeRows.reconsiderUrgency`, as the PostgreSQL one updates the rows).
    func setUrgent(_ urgent: Bool, at position: Int64) -> String? {
        if let (key, messages) = settled.first(where: { $0.value.positions.contains(position) }) {
            guard messages.isUrgent(position) != urgent else { return nil }
            settled[key]!.urgent = urgent ? (messages.urgent + [position]).sorted() : messages.urgent.filter { $0 != position }
            return key
        }
        guard let message = messages[position], message.urgent != urgent else { return nil }
        messages[position]!.urgent = urgent
        return message.conversationKey
    }

    private func week(of org: String, at instant: Date) -> StaleWeek {
        StaleWeek(org: org, start: weeks.dateInterval(of: .weekOfYear, for: instant)!.start)
    }

    private static func point(of message: ConversationMessage) -> QuietPoint {
        QuietPoint(at: message.occurredAt, eventID: message.eventID)
    }
}
