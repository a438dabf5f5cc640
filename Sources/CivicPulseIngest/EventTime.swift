import CivicPulseCore
import Foundation

/// The times an event may carry: from 2000 up to, not including, 2100.
///
/// PostgreSQL refuses some instants a payload can spell (year 0, an epoch of 1e300), others it
/// stores though they are absurd (year 99999), and turning such a time into whole seconds for an
/// id traps. None can be a message to a council on today's platforms, which all began after
/// 2000, so a record dated outside these years is quarantined, naming the field.
enum EventTime {
    static let accepted = Date(timeIntervalSince1970: 946_684_800)..<Date(timeIntervalSince1970: 4_102_444_800)

    /// `value` read as a time by `parse` (every format the platforms use, by default).
    static func read(_ value: JSONValue, field: String, parse: (JSONValue) -> Date? = PlatformTimestamp.parse) throws -> Date {
        guard let date = parse(value) else {
            throw FieldProblem(field: field, reason: "not a timestamp: \(value.jsonText.prefix(40))")
        }
        guard date.timeIntervalSince1970.isFinite else {
            throw FieldProblem(field: field, reason: "not a timestamp: a number too large for any time")
        }
        return try check(date, field: field, as: value.jsonText.prefix(40))
    }

    /// `date` when it is within ``accepted``; else a problem with `field`, quoting it `as` the payload spelled it.
    static func check(_ date: Date, field: String, as spelled: Substring? = nil) throws -> Date {
        guard accepted.contains(date) else {
            throw FieldProblem(field: field, reason: "\(spelled.map(String.init) ?? "\(date)") is outside the years 2000 to 2099 the log takes")
        }
        return date
    }
}
