import CivicPulseCore
import Foundation

/// When a payload file was fetched, for the snapshots whose payload carries no time of its own
/// (YouTube statistics, Graph reaction summaries).
///
/// The API responses hold no retrieval time, and a file's modification time does not survive a
/// `git clone`, a copy or an unpacked archive: every statistic then looked fetched at the moment
/// of the copy. So a time in the file's name comes first — a collector that names its files
/// `videos-2026-11-17T00-00Z.json` keeps the time wherever the file goes — and the modification
/// time is the fallback.
enum FetchTime {
    /// The fetch time named in `file`'s name, else its modification time, else now.
    static func of(file: String) -> Date {
        inName(of: file)
            ?? (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date)
            ?? Date()
    }

    /// The last UTC time in the file's name (not its folders): `2026-11-17T00-00Z`,
    /// `2026-11-17T00-00-00Z`, or with colons, `2026-11-17T00:00:00Z`.
    static func inName(of file: String) -> Date? {
        let name = URL(fileURLWithPath: file).lastPathComponent
        let times = name.matches(of: /(\d{4}-\d{2}-\d{2})T(\d{2})[-:](\d{2})(?:[-:](\d{2}))?Z/).compactMap { match in
            PlatformTimestamp.parse("\(match.output.1)T\(match.output.2):\(match.output.3):\(match.output.4 ?? "00")Z")
        }
        return times.last
    }
}
