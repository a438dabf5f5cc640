import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// GET requests over AsyncHTTPClient, waited for on the calling thread.
///
/// Fetch walks pages one after another and appends each through the synchronous libpq client,
/// so nothing is gained by running the walk on an event loop; one client is reused for every
/// request and shut down once.
public final class HTTPTransport: Sendable {
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// - Parameter timeout: how long one request may take, connecting and reading, before it counts as timed out.
    public init(timeout: Duration) {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        self.timeout = .nanoseconds(nanoseconds)
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: self.timeout, read: self.timeout)
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends a GET and returns the whole response; throws ``TransportFailure`` when none came in time.
    public func get(_ url: URL, headers: [(String, String)]) throws -> HTTPResponse {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: .GET, headers: HTTPHeaders(headers))
        } catch {
            throw TransportFailure("cannot request \(url.host ?? "the API"): \(error)")
        }
        do {
            let response = try client.execute(request: request, deadline: .now() + timeout + .seconds(1)).wait()
            var body = response.body ?? ByteBuffer()
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return HTTPResponse(status: Int(response.status.code),
                                headers: Dictionary(response.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
                                body: Data(bytes))
        } catch let error as HTTPClientError where error == .readTimeout || error == .deadlineExceeded || error == .connectTimeout {
            throw TransportFailure("no answer within \(timeout.nanoseconds / 1_000_000_000) s")
        } catch {
            throw TransportFailure("connection failed (\(error))")
        }
    }

    public func shutdown() {
        try? client.syncShutdown()
    }
}
