import Foundation

/// Reads every timestamp format the platforms send, to an exact UTC instant.
///
/// - ISO 8601 with or without fractional seconds, with `Z`, `+01:00` or `+0100` offsets
///   (Twitter v2 `2021-06-01T10:00:00.000Z`, Graph `2021-06-01T10:00:00+0000`,
///   YouTube `2021-06-01T10:00:00Z`); a space instead of `T` is accepted.
/// - Epoch seconds, as a number or a string of digits (Graph webhooks' `created_time`).
/// - Twitter v1.1's `Tue Oct 31 22:10:47 +0000 2017`.
public enum PlatformTimestamp {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return nil }
        if bytes.allSatisfy({ (48...57).contains($0) || $0 == UInt8(ascii: ".") }) {
            return Double(text).map { Date(timeIntervalSince1970: $0) }
        }
        if (48...57).contains(first) {
            return parseISO(bytes)
        }
        return parseTwitterClassic(text)
    }

    /// An epoch or a string, as JSON may carry either.
    public static func parse(_ value: JSONValue) -> Date? {
        switch value {
        case .number(let seconds): Date(timeIntervalSince1970: seconds)
        case .string(let text): parse(text)
        default: nil
        }
    }

    private static func parseISO(_ bytes: [UInt8]) -> Date? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }
        func expect(_ options: String) -> Bool {
            guard index < bytes.count, options.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        if index < bytes.count {
            guard expect("T "), let h = digits(2), expect(":"), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                guard let s = digits(2) else { return nil }
                second = s
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var scale = 0.1
                while index < bytes.count, (48...57).contains(bytes[index]) {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        var offset = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let oh = digits(2) else { return nil }
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                let om = index < bytes.count ? (digits(2) ?? -1) : 0
                guard om >= 0 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue Oct 31 22:10:47 +0000 2017`
    private static func parseTwitterClassic(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let month = months.firstIndex(of: String(parts[1])).map({ $0 + 1 }),
              let day = Int(parts[2]), let year = Int(parts[5]) else { return nil }
        let clock = parts[3].split(separator: ":").compactMap { Int($0) }
        let zone = Array(parts[4].utf8)
        guard clock.count == 3, zone.count == 5, let zoneValue = Int(String(parts[4].dropFirst())) else { return nil }
        let offset = (zone[0] == UInt8(ascii: "-") ? -1 : 1) * ((zoneValue / 100) * 3600 + (zoneValue % 100) * 60)
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        return Date(timeIntervalSince1970: Double(days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2] - offset))
    }
}
