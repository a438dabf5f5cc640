import CivicPulseCore
import Foundation

extension EngagementEvent {
    /// Makes the event fit `civicpulse.events`, or throws the problem that keeps it out.
    ///
    /// - A NUL in the text, the link or any string of the details (a key too) becomes U+FFFD:
    ///   what a person wrote is kept, with one character marked as lost.
    /// - A NUL in an id or a name the log keys by (`source_id`, `conversation_id`, `parent_id`,
    ///   `platform`, `channel`, …) quarantines the record: no platform issues such an id, and
    ///   an id changed to fit would name another object.
    /// - A time outside ``EventTime/accepted`` quarantines it, as does a number in the details
    ///   too large for a `Double` (it would be stored as `null`).
    mutating func makeStorable() throws {
        // Checked one by one rather than through a list: this runs for every event ingested.
        try Self.refuseNUL(in: sourceID, column: "source_id")
        try Self.refuseNUL(in: conversationID, column: "conversation_id")
        try Self.refuseNUL(in: parentID, column: "parent_id")
        try Self.refuseNUL(in: platform, column: "platform")
        try Self.refuseNUL(in: sourceType, column: "source_type")
        try Self.refuseNUL(in: channel, column: "channel")
        try Self.refuseNUL(in: account, column: "account")
        try Self.refuseNUL(in: service, column: "service")
        try Self.refuseNUL(in: org, column: "org")
        _ = try EventTime.check(occurredAt, field: "occurred_at")
        text = text?.withoutNUL
        url = url?.withoutNUL
        let details = JSONValue.object(details)
        let holdsNUL: Bool
        do {
            holdsNUL = try details.holdsNUL()
        } catch {
            throw FieldProblem(field: error.path.reversed().reduce("details") { $1.hasPrefix("[") ? $0 + $1 : "\($0).\($1)" },
                               reason: "a number too large to store")
        }
        if holdsNUL { self.details = details.withoutNULs.objectValue ?? [:] }
    }

    private static func refuseNUL(in value: String?, column: String) throws {
        guard let value, value.utf8.contains(0) else { return }
        throw FieldProblem(field: column, reason: "contains a NUL character, which the log cannot store in an id")
    }
}

/// A number that is not finite, found at `path` (innermost name first) inside an event's details.
private struct UnstorableNumber: Error {
    var path: [String] = []
}

extension JSONValue {
    /// Whether a string or a member name holds a NUL; throws on a number that is not finite.
    ///
    /// Only looks: nearly every event's details are fine as they are, and details are built for
    /// every event ingested, so they are copied only when there is something to replace.
    fileprivate func holdsNUL() throws(UnstorableNumber) -> Bool {
        switch self {
        case .null, .bool: return false
        case .number(let number):
            guard number.isFinite else { throw UnstorableNumber() }
            return false
        case .string(let text): return text.utf8.contains(0)
        case .array(let elements):
            var found = false
            for (index, element) in elements.enumerated() {
                do { found = try element.holdsNUL() || found } catch { throw UnstorableNumber(path: error.path + ["[\(index)]"]) }
            }
            return found
        case .object(let members):
            var found = false
            for (key, value) in members {
                do { found = try value.holdsNUL() || key.utf8.contains(0) || found } catch { throw UnstorableNumber(path: error.path + [key.withoutNUL]) }
            }
            return found
        }
    }

    fileprivate var withoutNULs: JSONValue {
        switch self {
        case .null, .bool, .number: self
        case .string(let text): .string(text.withoutNUL)
        case .array(let elements): .array(elements.map(\.withoutNULs))
        case .object(let members): .object(Dictionary(members.map { ($0.key.withoutNUL, $0.value.withoutNULs) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
