import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What each route answers. A delivery's 200 means its events are committed; anything short of
/// that is a 4xx the platform should not repeat (a forgery, a body too large) or a 503 it should
/// (a full queue, the database down), so nothing acknowledged is ever lost.
struct WebhookRoutes: Sendable {
    let settings: ServeSettings
    let worker: IngestWorker
    let metrics: ServeMetrics
    let gauges: GaugeReader

    static let metaSignatureHeader = HTTPField.Name("X-Hub-Signature-256")!
    static let xSignatureHeader = HTTPField.Name("x-twitter-webhooks-signature")!

    /// How long a platform is asked to wait when the queue is full, and when the database is down.
    static let queueFullRetry = 5, databaseDownRetry = 30

    /// Meta's subscription handshake: the challenge echoed when the verify token is ours.
    func metaHandshake(_ request: Request) -> Response {
        guard settings.metaSignature != nil, settings.metaVerifyTokenDigest != nil else { return Self.off }
        let query = request.uri.queryParameters
        guard query["hub.mode"] == "subscribe", let token = query["hub.verify_token"], settings.isMetaVerifyToken(token),
              let challenge = query["hub.challenge"] else {
            return Self.plain(.forbidden, "forbidden\n")
        }
        return Self.plain(.ok, String(challenge))
    }

    /// X's challenge-response check (CRC): the token signed with the consumer secret, in base64.
    func xChallenge(_ request: Request) -> Response {
        guard let signature = settings.xSignature else { return Self.off }
        guard let token = request.uri.queryParameters["crc_token"], !token.isEmpty else {
            return Self.plain(.badRequest, "crc_token is missing\n")
        }
        let answer = try? JSONSerialization.data(withJSONObject: ["response_token": signature.sign(Data(token.utf8))], options: [.sortedKeys])
        return Self.json(.ok, answer ?? Data())
    }

    func metaDelivery(_ request: Request) async throws -> Response {
        try await delivery(request, from: .meta, signature: settings.metaSignature, header: Self.metaSignatureHeader)
    }

    func xDelivery(_ request: Request) async throws -> Response {
        try await delivery(request, from: .x, signature: settings.xSignature, header: Self.xSignatureHeader)
    }

    /// A signed delivery, committed before it is answered 200; each one counted, and each
    /// refusal by its reason.
    private func delivery(_ request: Request, from platform: WebhookPlatform, signature: WebhookSignature?,
                          header: HTTPField.Name) async throws -> Response {
        metrics.received(from: platform)
        guard let signature else { return refuse(.routeOff, from: platform) }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > settings.maxBody {
            return refuse(.tooLarge, from: platform)
        }
        let body: Data
        do {
            body = Data(try await request.body.collect(upTo: settings.maxBody).readableBytesView)
        } catch is NIOTooManyBytesError {
            return refuse(.tooLarge, from: platform)
        }
        guard signature.accepts(request.headers[header], body: body) else { return refuse(.badSignature, from: platform) }
        switch await worker.deliver(body, from: platform) {
        case .committed(let report):
            metrics.committed(report)
            return Self.plain(.ok, "ok\n")
        case .queueFull: return refuse(.queueFull, from: platform)
        case .databaseDown: return refuse(.databaseUnavailable, from: platform)
        case .notArchived: return refuse(.notArchived, from: platform)
        }
    }

    /// Counts the refusal and answers it: a 4xx the platform should not repeat, or a 503 with
    /// how long to wait before it does.
    private func refuse(_ reason: DeliveryRejection, from platform: WebhookPlatform) -> Response {
        metrics.rejected(reason, from: platform)
        switch reason {
        case .routeOff: return Self.off
        case .badSignature: return Self.plain(.forbidden, "the signature does not match\n")
        case .tooLarge: return Self.plain(.contentTooLarge, "the body is over \(settings.maxBody) bytes\n")
        case .queueFull: return Self.unavailable("busy: deliver again later\n", retryAfter: Self.queueFullRetry)
        case .databaseUnavailable: return Self.unavailable("the database is not answering\n", retryAfter: Self.databaseDownRetry)
        case .notArchived: return Self.unavailable("the delivery could not be archived\n", retryAfter: Self.databaseDownRetry)
        }
    }

    func health() async -> Response {
        switch await worker.health() {
        case .ok(let unprocessed):
            return Self.json(.ok, Data(#"{"database":"ok","unprocessed_events":\#(unprocessed)}"#.utf8 + [0x0A]))
        case .databaseDown:
            return Self.json(.serviceUnavailable, Data(#"{"database":"down"}"#.utf8 + [0x0A]))
        }
    }

    /// Prometheus's scrape: the counters, and the database's gauges if it answers within
    /// ``metricsDatabaseWait`` seconds; always 200, since a scrape that fails would hide the
    /// counters just when the database is down.
    func scrape() async -> Response {
        let text = metrics.exposition(database: await gauges.read(within: Self.metricsDatabaseWait))
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }

    /// Under Prometheus's default scrape timeout of 10 s, with room for the rest of the answer.
    static let metricsDatabaseWait = 2.0

    /// A route whose secret is unset (``ServeSettings/routesOff`` said so at start).
    private static let off = plain(.serviceUnavailable, "this route is off: its secret is not set\n")

    private static func unavailable(_ text: String, retryAfter seconds: Int) -> Response {
        var response = plain(.serviceUnavailable, text)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private static func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
