import CivicPulseCore
import CivicPulseIngest
import Foundation

/// A delivery no reader understands yet, as a batch of one quarantined record: it is kept in
/// the archive and shown by `civicpulse quarantine` with the reason, never dropped unseen.
/// Once a reader exists, `civicpulse ingest` of the archived file settles it.
enum UnreadDelivery {
    static func batch(file: String, body: Data, from platform: WebhookPlatform) -> NormalisedBatch {
        var batch = NormalisedBatch(file: file, recognisedAs: "\(platform.deliveryName) (no reader yet)")
        batch.recordsRead = 1
        batch.rejections = [Rejection(
            file: file, recordIndex: 0, recordPath: "(delivery)", recordID: nil, field: "(delivery)",
            reason: "no reader understands this \(platform.deliveryName) yet: kept in the archive",
            payload: String(decoding: body, as: UTF8.self)
        )]
        return batch
    }
}
