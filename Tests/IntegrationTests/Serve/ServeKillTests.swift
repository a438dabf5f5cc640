import Foundation
import XCTest

/// Serve killed outright (SIGKILL, a power cut's stand-in) while deliveries arrive from several
/// connections at once: every delivery answered 200 is in the log exactly once.
final class ServeKillTests: ServeTestCase {
    /// How many deliveries each sender makes at most, and for how long: the loop is bounded both ways.
    static let senders = 4, perSender = 150, longest = 60.0

    func testEveryAcknowledgedDeliveryOutlivesAKill() throws {
        try startServe()
        let acknowledged = Acknowledged()
        let started = Date()
        let pid = serve!.process.processIdentifier, longest = Self.longest
        let killer = Thread {
            // Killed once some deliveries have landed, while the senders are still sending.
            _ = poll(timeout: longest) { acknowledged.count >= 40 }
            kill(pid, SIGKILL)
        }
        killer.start()
        let port = self.port, senders = Self.senders, perSender = Self.perSender
        DispatchQueue.concurrentPerform(iterations: senders) { sender in
            for index in 0..<perSender where Date().timeIntervalSince(started) < longest {
                let comment = sender * perSender + index
                let body = ServeTestCase.commentDelivery(comment)
                let signed = [("X-Hub-Signature-256", ServeTestCase.metaSignature(body))]
                // Refused or cut off: serve is gone, and this sender is done.
                guard let answer = try? LoopbackHTTP.send(port: port, "POST", "/webhooks/meta", headers: signed, body: body) else { return }
                if answer.status == 200 { acknowledged.add(comment) }
            }
        }
        XCTAssertTrue(serve!.wait(timeout: 30), "serve was killed")
        XCTAssertGreaterThanOrEqual(acknowledged.count, 40, "deliveries were acknowledged before the kill")
        let landed = try eventsBySource()
        for comment in acknowledged.all {
            XCTAssertEqual(landed["200000000000001_\(900_000_000 + comment)"], 1, "delivery \(comment) was answered 200")
        }
        XCTAssertTrue(landed.values.allSatisfy { $0 == 1 }, "no event twice")
    }
}

/// The deliveries answered 200, added to from several threads.
private final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var comments: [Int] = []

    func add(_ comment: Int) { lock.withLock { comments.append(comment) } }
    var count: Int { lock.withLock { comments.count } }
    var all: [Int] { lock.withLock { comments } }
}
