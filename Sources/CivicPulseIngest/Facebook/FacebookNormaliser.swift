import CivicPulseCore
import Foundation

/// Facebook: Graph API responses (Page posts and comments, `?ids=` lookups, Insights, Page
/// objects) and Page webhook deliveries (feed, mentions, Messenger), whole or as JSON Lines
/// with one response or delivery per line.
///
/// What each shape becomes is decided in ``FacebookClassifier`` (posts and comments),
/// ``FacebookMetrics`` (numbers), ``FacebookReactions`` and ``FacebookMessenger``; see
/// docs/sources/facebook.md. Graph `error` bodies are platform errors, never data.
struct FacebookNormaliser: PayloadFormat {
    static let source = IngestSource.facebook
    static let displayName = "Facebook Graph API / Page webhook payload"

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    static func recognises(_ document: JSONValue) -> Bool {
        FacebookShape(document) != nil
    }

    func normalise(document: JSONValue, into batch: inout NormalisedBatch) {
        if let described = read(document, linePrefix: "", into: &batch) {
            batch.recognisedAs = described
        }
    }

    func normalise(line record: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        _ = read(record, linePrefix: "line \(lineNumber)", into: &batch)
    }

    /// Reads one document and says what it was, or rejects it whole when it is not Facebook's at all.
    private func read(_ document: JSONValue, linePrefix: String, into batch: inout NormalisedBatch) -> String? {
        var records = FacebookRecords(context: context, linePrefix: linePrefix)
        guard let shape = FacebookShape(document) else {
            records.read(document, at: "", id: nil, into: &batch) {
                throw FieldProblem(field: "(document)", reason: "not a Facebook Graph API response or Page webhook delivery")
            }
            return nil
        }
        let graph = FacebookGraphReader(context: context)
        let description: String
        switch shape {
        case .webhook:
            FacebookWebhookReader(context: context).read(document, records: &records, into: &batch)
            description = "Facebook Page webhook delivery"
        case .error:
            batch.platformErrors.append(FacebookShape.platformError(document["error"]!, file: batch.file, isWholeResponse: true))
            description = "Facebook Graph API error response"
        case .list:
            graph.readList(document, records: &records, into: &batch)
            description = "Facebook Graph API list"
        case .idsMap:
            graph.readIDsMap(document, records: &records, into: &batch)
            description = "Facebook Graph API ids lookup"
        case .object:
            graph.readNode(document, at: "", scope: GraphScope(edge: nil), records: &records, into: &batch)
            description = "Facebook Graph API object"
        }
        records.finish(into: &batch)
        return description + records.ignoredSummary + batch.ignoredSummary
    }
}
