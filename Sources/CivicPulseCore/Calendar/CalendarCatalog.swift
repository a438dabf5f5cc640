import Foundation

/// The org's named calendars, as read from the `calendars:` section; services refer to them by id.
///
/// ```yaml
/// calendars:
///   office:
///     time_zone: Europe/London            # optional, defaults to the org's
///     bank_holidays: england_and_wales    # or scotland, northern_ireland, none (required)
///     hours:
///       mon-fri: "09:00-17:00"
///       sat: "09:00-12:00, 13:00-16:00"
///     closures: [2026-12-24, 2026-12-29..2026-12-31]
///     open_on: [2026-08-31]               # bank holidays this service works
///     versions:
///       - effective: 2027-01-01
///         hours: { mon-thu: "08:30-17:00", fri: "08:30-16:30" }
/// ```
/// The id `always_open` is built in: 24/7, no holidays, for urgent lines.
public struct CalendarCatalog: Sendable {
    public static let alwaysOpenID = "always_open"

    public let defaultTimeZone: TimeZone
    /// The configured calendars by id (the built-in one is not listed here).
    public let calendars: [String: Versioned<BusinessCalendar>]

    public init(calendars: [String: Versioned<BusinessCalendar>], defaultTimeZone: TimeZone = BusinessCalendar.defaultTimeZone) {
        self.calendars = calendars
        self.defaultTimeZone = defaultTimeZone
    }

    /// Every id a service may name, sorted, the built-in one included.
    public var ids: [String] { (Array(calendars.keys) + [Self.alwaysOpenID]).sorted() }

    public func calendar(_ id: String) -> Versioned<BusinessCalendar>? {
        if id == Self.alwaysOpenID { return Versioned("\(id) calendar", .alwaysOpen(in: defaultTimeZone)) }
        return calendars[id]
    }

    /// Looks up the calendar a service names (`calendar: office`), failing at that line.
    public func resolve(_ node: ConfigNode) throws -> Versioned<BusinessCalendar> {
        let id = try node.string()
        guard let calendar = calendar(id) else {
            throw node.error("unknown calendar '\(id)' (calendars: \(ids.joined(separator: ", ")))")
        }
        return calendar
    }

    /// Reads the `calendars:` mapping; `defaultTimeZone` is the org's zone.
    public static func parse(_ node: ConfigNode, defaultTimeZone: TimeZone = BusinessCalendar.defaultTimeZone) throws -> CalendarCatalog {
        var calendars: [String: Versioned<BusinessCalendar>] = [:]
        for (id, calendarNode) in try node.entries() {
            guard id != alwaysOpenID else { throw calendarNode.error("'\(alwaysOpenID)' is built in (24/7); choose another id") }
            guard id.range(of: "^[A-Za-z0-9][A-Za-z0-9_-]*$", options: .regularExpression) != nil else {
                throw calendarNode.error("calendar ids use letters, digits, '-' and '_'")
            }
            calendars[id] = try parseCalendar(id: id, calendarNode, defaultTimeZone: defaultTimeZone)
        }
        return CalendarCatalog(calendars: calendars, defaultTimeZone: defaultTimeZone)
    }

    private static func parseCalendar(id: String, _ node: ConfigNode, defaultTimeZone: TimeZone) throws -> Versioned<BusinessCalendar> {
        try node.allowOnly(["time_zone", "bank_holidays", "hours", "closures", "open_on", "versions"])
        let timeZone = try node.optional("time_zone").map(CalendarYAML.timeZone) ?? defaultTimeZone
        let original = try CalendarYAML.rules(node, over: nil, timeZone: timeZone)
        var later: [(effective: CivilDate, value: BusinessCalendar)] = []
        for item in try node.optional("versions")?.items() ?? [] {
            try item.allowOnly(["effective", "hours", "bank_holidays", "closures", "open_on"])
            let effectiveNode = try item.required("effective")
            let effective = try CalendarYAML.date(effectiveNode)
            if let previous = later.last?.effective, effective <= previous {
                throw effectiveNode.error("versions must be in date order; \(effective) is not after \(previous)")
            }
            later.append((effective, try CalendarYAML.rules(item, over: later.last?.value ?? original, timeZone: timeZone)))
        }
        return try Versioned("\(id) calendar", original: original, later: later)
    }
}
