import CivicPulseCore
import Foundation

/// Milliseconds since 1970 UTC: the simulator's clock, exact and cheap to compare.
typealias Millis = Int64

extension Millis {
    static let second: Millis = 1000
    static let minute: Millis = 60_000
    static let hour: Millis = 3_600_000
    static let day: Millis = 86_400_000

    var date: Date { Date(timeIntervalSince1970: Double(self) / 1000) }

    init(_ date: Date) {
        self = Millis((date.timeIntervalSince1970 * 1000).rounded())
    }

    var epochSeconds: Int { Int(self / 1000) }
}

/// The timestamp spellings each platform uses, written straight into bytes.
enum TimestampFormat {
    /// Twitter v2: `2026-11-16T10:00:00.000Z`.
    case twitter
    /// Graph API: `2026-11-16T10:00:00+0000`.
    case graph
    /// YouTube and most JSON: `2026-11-16T10:00:00Z`.
    case iso

    func append(_ instant: Millis, to bytes: inout [UInt8]) {
        let seconds = instant >= 0 ? instant / 1000 : (instant - 999) / 1000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        bytes.appendPadded(date.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(date.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(date.day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        bytes.appendPadded(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        bytes.appendPadded(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        bytes.appendPadded(secondOfDay % 60, width: 2)
        switch self {
        case .twitter:
            bytes.append(UInt8(ascii: "."))
            bytes.appendPadded(Int(instant - seconds * 1000), width: 3)
            bytes.append(UInt8(ascii: "Z"))
        case .graph:
            bytes.append(contentsOf: Array("+0000".utf8))
        case .iso:
            bytes.append(UInt8(ascii: "Z"))
        }
    }

    func string(_ instant: Millis) -> String {
        var bytes: [UInt8] = []
        append(instant, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension JSONWriter {
    mutating func field(_ name: StaticString, time instant: Millis, _ format: TimestampFormat) {
        key(name)
        string { format.append(instant, to: &$0) }
    }
}
