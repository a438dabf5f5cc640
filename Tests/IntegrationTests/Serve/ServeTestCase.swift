import Crypto
import Foundation
import Postgres
import XCTest

/// A database, a Facebook and X pipeline and the built `civicpulse serve` on a free 127.0.0.1 port,
/// with the Meta secrets set, for posting deliveries to it as Meta would.
class ServeTestCase: DatabaseTestCase {
    static let appSecret = "meta-app-secret-DO-NOT-PRINT-\(UUID().uuidString)"
    static let verifyToken = "meta-verify-token-DO-NOT-PRINT-\(UUID().uuidString)"
    static let xSecret = "x-consumer-secret-DO-NOT-PRINT-\(UUID().uuidString)"

    var folder: URL!
    var serve: ChildProcess?
    var port = 0
    var pipeline: String { folder.appendingPathComponent("pipeline.yaml").path }
    var archive: String { folder.appendingPathComponent("archive").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            org: harbourside
            services:
              customer_services: { name: Customer services }
              waste: { name: Waste and recycling }
            accounts:
              harbourside_facebook: { platform: facebook, handle: HarboursideCouncil, id: "110000000000001", service: customer_services, central: true }
              harbourside_twitter: { platform: twitter, handle: HarboursideCC, id: "900000000000000001", service: customer_services, central: true }
            routing:
              - service: waste
                keywords: [bin, bins, recycling]
            sla:
              targets:
                - { target: 2 working days }
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        if let serve, serve.isRunning {
            serve.signal(SIGKILL)
            serve.wait(timeout: 10)
        }
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    /// The environment serve runs in: this test's database and the Meta secrets.
    func environment(secrets: Bool = true) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        environment["CIVICPULSE_HOME"] = folder.appendingPathComponent("home").path
        environment["CIVICPULSE_META_APP_SECRET"] = secrets ? Self.appSecret : nil
        environment["CIVICPULSE_META_VERIFY_TOKEN"] = secrets ? Self.verifyToken : nil
        environment["CIVICPULSE_X_CONSUMER_SECRET"] = secrets ? Self.xSecret : nil
        return environment
    }

    /// Starts `civicpulse serve` and waits until it listens.
    func startServe(_ arguments: [String] = [], secrets: Bool = true) throws {
        port = try LoopbackHTTP.freePort()
        let child = try ChildProcess(["serve", "-q", "--listen", "127.0.0.1:\(port)", "--pipeline", pipeline, "--archive", archive] + arguments,
                                     environment: environment(secrets: secrets))
        serve = child
        let listening = poll(timeout: 60) { child.output.contains("listening on") || !child.isRunning }
        guard listening, child.isRunning else {
            throw LoopbackHTTP.Failure(description: "serve did not start: \(child.output)")
        }
    }

    /// `sha256=<hex>` as Meta signs `body`.
    static func metaSignature(_ body: Data, secret: String = appSecret) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    /// Posts `body` to /webhooks/meta, signed unless `signature` says otherwise (nil: no header).
    func deliver(_ body: Data, signature: String?? = .none) throws -> HTTPAnswer {
        let header = signature ?? Self.metaSignature(body)
        return try LoopbackHTTP.send(port: port, "POST", "/webhooks/meta",
                                     headers: [("Content-Type", "application/json")] + (header.map { [("X-Hub-Signature-256", $0)] } ?? []),
                                     body: body)
    }

    /// A Facebook fixture from the readers' tests, as Meta delivers it.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/CivicPulseIngestTests/Fixtures/facebook/\(name)"))
    }

    /// A Page delivery of one resident's comment, `comment` making it and its event unique.
    static func commentDelivery(_ comment: Int) -> Data {
        Data("""
            {"object":"page","entry":[{"id":"110000000000001","time":1772442905,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"200000000000001_\(900_000_000 + comment)","post_id":"110000000000001_200000000000001","parent_id":"110000000000001_200000000000001","from":{"name":"Alex Resident","id":"5100000000000001"},"created_time":1772442900,"message":"Bin missed on Elm Road, delivery \(comment)"}}]}]}
            """.utf8)
    }

    func eventCount() throws -> Int {
        try database.connect().query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0)
    }

    /// How many events each source id has, for the events of `kind`.
    func eventsBySource(kind: String = "comment") throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.connect().query("SELECT source_id, count(*)::int FROM civicpulse.events WHERE kind = \(kind) GROUP BY source_id") {
            counts[try row.decode(String.self, 0)] = try row.decode(Int.self, 1)
        }
        return counts
    }
}
