/// Why a value typed on the command line cannot be used, as words that follow the value:
/// `--as-of '0000-01-01' ` + `is outside the years 1970 to 9999`. Holds only what the user
/// typed and our own limits, so it is safe to print.
///
/// A struct over a private code, as hummingbird's `PersistError` is: callers and tests tell
/// the causes apart by comparing with the static members (`problem == .notADuration`), and new
/// causes can be added without breaking them.
public struct ArgumentProblem: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case notATime(zone: String)
        case offsetOutOfRange
        case yearOutOfRange(ClosedRange<Int>)
        case negativeDuration(positive: String)
        case notADuration
        case durationTooLong(limit: String)
        case notAnISOWeek
        case noWeek53(year: Int)
        case weekOutOfRange(first: String, last: String)
        case mailAddressSpansLines
        case notAMailAddress
        case spansLines
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// Not `2026-11-21`, `2026-11-21T14:00` or an ISO 8601 instant; local times are read in `zone`.
    public static func notATime(in zone: String) -> ArgumentProblem { ArgumentProblem(.notATime(zone: zone)) }
    /// An offset no time zone has (beyond -12:00 to +14:00).
    public static let offsetOutOfRange = ArgumentProblem(.offsetOutOfRange)
    /// A day outside `years`.
    public static func yearOutOfRange(_ years: ClosedRange<Int>) -> ArgumentProblem { ArgumentProblem(.yearOutOfRange(years)) }
    /// A duration with a minus sign; `positive` is the same without it.
    public static func negativeDuration(positive: String) -> ArgumentProblem { ArgumentProblem(.negativeDuration(positive: positive)) }
    public static let notADuration = ArgumentProblem(.notADuration)
    /// A duration beyond the longest one, `limit` as `ReportTime.describe` writes it.
    public static func durationTooLong(limit: String) -> ArgumentProblem { ArgumentProblem(.durationTooLong(limit: limit)) }
    public static let notAnISOWeek = ArgumentProblem(.notAnISOWeek)
    /// `year-W53` of a year with 52 ISO weeks.
    public static func noWeek53(year: Int) -> ArgumentProblem { ArgumentProblem(.noWeek53(year: year)) }
    /// A week whose days fall outside the years a report covers, `first` to `last`.
    public static func weekOutOfRange(first: String, last: String) -> ArgumentProblem { ArgumentProblem(.weekOutOfRange(first: first, last: last)) }
    /// A mail address with a line break or control character, which could add headers.
    public static let mailAddressSpansLines = ArgumentProblem(.mailAddressSpansLines)
    public static let notAMailAddress = ArgumentProblem(.notAMailAddress)
    /// A one-line value (a mail subject) with a line break or control character.
    public static let spansLines = ArgumentProblem(.spansLines)

    public var description: String {
        switch code {
        case .notATime(let zone): "is not a time (ISO 8601, or yyyy-mm-dd[Thh:mm] in \(zone))"
        case .offsetOutOfRange: "has an offset outside -12:00 to +14:00"
        case .yearOutOfRange(let years): "is outside the years \(years.lowerBound) to \(years.upperBound)"
        case .negativeDuration(let positive): "is negative: durations count back from --as-of (write e.g. \(positive))"
        case .notADuration: "is not a duration (write e.g. 45m, 1h, 1h30m, 2d)"
        case .durationTooLong(let limit): "is longer than \(limit) (10 years)"
        case .notAnISOWeek: "is not an ISO week such as 2026-W47"
        case .noWeek53(let year): "does not exist: \(year) has 52 ISO weeks (its last is \(year)-W52)"
        case .weekOutOfRange(let first, let last): "is outside the weeks \(first) to \(last)"
        case .mailAddressSpansLines: "spans lines or holds control characters, which could add mail headers of its own"
        case .notAMailAddress: "is not an e-mail address such as name@council.example"
        case .spansLines: "spans lines or holds control characters"
        }
    }
}
