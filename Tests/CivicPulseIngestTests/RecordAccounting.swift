import CivicPulseCore
import Foundation
import XCTest
@testable import CivicPulseIngest

/// What every reader promises (docs/event-model.md, "Every record accounted for"): each record
/// it read gave events, was ignored as holding nothing to store, or was quarantined, once, so
/// `read` always adds up.
///
/// What a record is, per reader: a tweet (v2 `data` and `includes.tweets`, each id once) or a
/// v1.1 status (embedded retweeted and quoted statuses included, each id once); a Graph post,
/// comment, Insights row or Page with counts; a webhook change of a field that is read, a
/// Messenger message or edit, or a malformed entry, change or event; a YouTube item, thread
/// comment or reply; a listening record; an export's row or line. Platform error bodies are
/// platform errors, not records. Every read helper of these tests checks it on what it returns.
func assertEveryRecordAccountedFor(_ batch: NormalisedBatch, file: StaticString = #filePath, line: UInt = #line) {
    let quarantined = Set(batch.rejections.map(\.recordIndex))
    XCTAssertEqual(quarantined.count, batch.rejections.count, "\(batch.file): a record quarantined twice", file: file, line: line)
    XCTAssertEqual(batch.recordsRead, batch.recordsWithEvents + batch.ignoredRecords + batch.rejections.count,
                   "\(batch.file): read \(batch.recordsRead), gave events \(batch.recordsWithEvents), ignored \(batch.ignoredRecords), quarantined \(batch.rejections.count)",
                   file: file, line: line)
    XCTAssertGreaterThanOrEqual(batch.events.count, batch.recordsWithEvents, "\(batch.file): a record that gave events gave none",
                                file: file, line: line)
    XCTAssertEqual(batch.events.isEmpty, batch.recordsWithEvents == 0, "\(batch.file): events from no record", file: file, line: line)
}

extension PayloadReader {
    /// Reads as ingest and inspect do, and checks that every record is accounted for.
    func accountedRead(data: Data, file: String, observedAt: Date, as source: IngestSource? = nil,
                       caller: StaticString = #filePath, line: UInt = #line) throws -> NormalisedBatch {
        let batch = try read(data: data, file: file, observedAt: observedAt, as: source)
        assertEveryRecordAccountedFor(batch, file: caller, line: line)
        return batch
    }
}
