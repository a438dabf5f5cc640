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
        guard let signature = settings.metaSignature else { return Self.off }
        return try await delivery(request, from: .meta, signature: signature, header: Self.metaSignatureHeader)
    }

    func xDelivery(_ request: Request) async throws -> Response {
        guard let signature = settings.xSignature else { return Self.off }
        return try await delivery(request, from: .x, signature: signature, header: Self.xSignatureHeader)
    }

    /// A signed delivery, committed before it is answered 200.
    private func delivery(_ request: Request, from platform: WebhookPlatform, signature: WebhookSignature,
                          header: HTTPField.Name) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > settings.maxBody {
            return Self.plain(.contentTooLarge, "the body is over \(settings.maxBody) bytes\n")
        }
        let body: Data
        do {
            body = Data(try await request.body.collect(upTo: settings.maxBody).readableBytesView)
        } catch is NIOTooManyBytesError {
            return Self.plain(.contentTooLarge, "the body is over \(settings.maxBody) bytes\n")
        }
        guard signature.accepts(request.headers[header], body: body) else {
            return Self.plain(.forbidden, "the signature does not match\n")
        }
        switch await worker.deliver(body, from: platform) {
        case .committed: return Self.plain(.ok, "ok\n")
        case .queueFull: return Self.unavailable("busy: deliver again later\n", retryAfter: Self.queueFullRetry)
        case .databaseDown: return Self.unavailable("the database is not answering\n", retryAfter: Self.databaseDownRetry)
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
