import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP part of the stand-in APIs (``StandInX``, ``StandInYouTube``): a server on 127.0.0.1
/// (an ephemeral port) that hands each request's URI and headers to `respond` and writes its
/// answer, after the answer's delay, then closes the connection.
final class StandInServer: @unchecked Sendable {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        /// Seconds to wait before answering (a slow platform).
        var delay: Double = 0
    }

    typealias Responder = @Sendable (_ uri: String, _ headers: HTTPHeaders) -> Answer

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel!
    private let lock = NSLock()
    private var stopped = false

    /// The port, kept once bound: a test may stop the server and still point fetch at it.
    private(set) var port = 0
    var base: String { "http://127.0.0.1:\(port)" }

    init(respond: @escaping Responder) throws {
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    /// Closes the port and ends the event loop; a second call does nothing.
    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let respond: Responder
        private var head: HTTPRequestHead?

        init(respond: @escaping Responder) {
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let request): head = request
            case .body: break
            case .end:
                guard let head else { return }
                let answer = respond(head.uri, head.headers)
                let channel = context.channel
                channel.eventLoop.scheduleTask(in: .milliseconds(Int64(answer.delay * 1000))) {
                    var headers = HTTPHeaders(answer.headers.map { ($0.key, $0.value) })
                    headers.add(name: "content-type", value: "application/json")
                    headers.add(name: "content-length", value: "\(answer.body.count)")
                    headers.add(name: "connection", value: "close")
                    let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
                    channel.write(HTTPServerResponsePart.head(responseHead), promise: nil)
                    channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: answer.body))), promise: nil)
                    channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
                }
            }
        }
    }
}
