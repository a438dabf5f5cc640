import Foundation

/// Times as summary lines and archive file names show them: UTC, to the second.
enum PlatformClock {
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
