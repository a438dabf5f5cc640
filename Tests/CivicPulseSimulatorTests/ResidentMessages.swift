import CivicPulseCore
import CivicPulseIngest
import Foundation

/// When residents wrote, on every platform, read back from the files the simulator wrote.
/// Twitter goes through the project's reader; the others (whose readers are not in this
/// branch) are read as plain JSON in their documented shapes.
enum ResidentMessages {
    static let pageIDs: Set<String> = ["610000000000001", "610000000000002", "610000000000003"]
    static let channelID = "UCh4rb0urs1deC0unc1lTV0w"

    static func times(in simulation: Simulation) throws -> [Date] {
        var times: [Date] = []
        for path in simulation.files(under: "twitter") {
            let batch = try reader.read(data: simulation.data(path), file: path, observedAt: Date(), as: nil)
            var seen = Set<String>()
            times += batch.events.filter { $0.kind == .inboundMessage && seen.insert($0.sourceID).inserted }.map(\.occurredAt)
        }
        for path in simulation.files(under: "facebook/comments") {
            for comment in try simulation.json(path)["data"]?.arrayValue ?? [] {
                guard let from = comment["from"]?["id"]?.idString, !pageIDs.contains(from),
                      let time = comment["created_time"].flatMap(PlatformTimestamp.parse) else { continue }
                times.append(time)
            }
        }
        for path in simulation.files(under: "facebook/webhooks") {
            for line in simulation.lines(path) {
                guard let entry = (try? JSONValue.parse(Data(line.utf8)))?["entry"]?.arrayValue?.first else { continue }
                if let value = entry["changes"]?.arrayValue?.first?["value"], value["item"]?.stringValue == "comment",
                   let from = value["from"]?["id"]?.idString, !pageIDs.contains(from), let time = value["created_time"].flatMap(PlatformTimestamp.parse) {
                    times.append(time)
                }
                if let message = entry["messaging"]?.arrayValue?.first, let sender = message["sender"]?["id"]?.idString,
                   !pageIDs.contains(sender), let millis = message["timestamp"]?.doubleValue {
                    times.append(Date(timeIntervalSince1970: millis / 1000))
                }
            }
        }
        for path in simulation.files(under: "youtube/comment-threads") {
            for thread in try simulation.json(path)["items"]?.arrayValue ?? [] {
                let comments = [thread["snippet"]?["topLevelComment"]].compactMap { $0 } + (thread["replies"]?["comments"]?.arrayValue ?? [])
                for comment in comments where comment["snippet"]?["authorChannelId"]?["value"]?.stringValue != channelID {
                    if let time = comment["snippet"]?["publishedAt"].flatMap(PlatformTimestamp.parse) { times.append(time) }
                }
            }
        }
        return times
    }
}
