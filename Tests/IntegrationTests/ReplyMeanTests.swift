import Foundation
import XCTest

/// `sla`'s every-reply means are summed in whole milliseconds and divided once, as `Averages.mean`
/// takes a mean, not summed as doubles in whatever order the rows come: a week's figures are the
/// same to the last digit in every run and on every copy of the projections, and are what a user
/// works out from `export replies` (a double's sum rounds at each step, so its last digits followed
/// the rows' order, which differed between runs at 9.2M events).
final class ReplyMeanTests: DatabaseTestCase {
    /// An exported reply, and a row of `sla`'s every-reply figures: read by `JSONDecoder`, which
    /// reads a double's shortest text exactly (`JSONSerialization` can be a unit in the last place off).
    private struct Reply: Decodable {
        var service: String
        var channel: String
        var reply_seconds: Double?
        var business_reply_seconds: Double?
    }
    private struct Figures: Decodable {
        var service: String?
        var channel: String?
        var mean_reply_seconds: Double?
        var mean_business_reply_seconds: Double?
    }
    private struct SLA: Decodable { var replies: [Figures] }

    func testTheMeanReplyTimesAreTheExactMeansOfTheExportedReplies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reply-mean-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let simulated = try run(["simulate", "--days", "7", "--seed", "3", "--scale", "0.3", "--start", "2026-11-02", "--out", folder.path])
        XCTAssertEqual(simulated.status, 0, simulated.err)
        let ingest = try run(["ingest", "-q", folder.path])
        XCTAssertTrue([0, 3].contains(ingest.status), "3: the simulator's deliberate bad records: \(ingest.err)")
        let process = try run(["process", "-q"])
        XCTAssertEqual(process.status, 0, process.err)

        let week = ["--from", "2026-11-02", "--to", "2026-11-08"]
        let exported = try run(["export", "replies", "-q", "--format", "jsonl"] + week)
        XCTAssertEqual(exported.status, 0, exported.err)
        let replies = try exported.out.split(separator: "\n").map { try JSONDecoder().decode(Reply.self, from: Data($0.utf8)) }
        let sla = try run(["sla", "-q", "--format", "json"] + week)
        XCTAssertEqual(sla.status, 0, sla.err)
        let groups = try JSONDecoder().decode(SLA.self, from: Data(sla.out.utf8)).replies
        XCTAssertGreaterThan(groups.count, 2, "a row per service and channel, then the total")
        var fractional = 0
        for group in groups {
            let mine = replies.filter { group.service == nil || ($0.service == group.service && $0.channel == group.channel) }
            for (times, mean) in [(mine.compactMap(\.reply_seconds), group.mean_reply_seconds),
                                  (mine.compactMap(\.business_reply_seconds), group.mean_business_reply_seconds)] {
                fractional += times.filter { $0 != $0.rounded() }.count
                // Summed in whole milliseconds, which no order changes, and divided once.
                let millis = times.reduce(Int64(0)) { $0 + Int64(($1 * 1000).rounded()) }
                XCTAssertEqual(mean, Double(millis) / Double(1000 * times.count), "\(group.service ?? "all") \(group.channel ?? "")")
            }
        }
        XCTAssertGreaterThan(fractional, 100, "times with milliseconds, whose double sums depend on their order")
    }
}
