import Foundation
import Postgres
import XCTest

/// Serve while its commit is held up: another session locks the log, so the delivery the
/// worker took waits, as it would behind a slow disk or a long lock.
final class ServeBackPressureTests: ServeTestCase {
    /// Locks the event log in a transaction of its own until `unlock` is called.
    final class LogLock {
        let connection: Connection

        init(_ database: TestDatabase) throws {
            connection = try database.connect()
            try connection.execute("BEGIN; LOCK TABLE civicpulse.events IN ACCESS EXCLUSIVE MODE")
        }

        func unlock() throws {
            try connection.execute("COMMIT")
        }
    }

    /// Posts delivery `comment` on a thread of its own; its answer's status lands in `statuses`.
    func deliverInBackground(_ comment: Int, into statuses: Statuses) {
        let port = self.port
        Thread {
            let body = ServeTestCase.commentDelivery(comment)
            let answer = try? LoopbackHTTP.send(port: port, "POST", "/webhooks/meta",
                                                headers: [("X-Hub-Signature-256", ServeTestCase.metaSignature(body))], body: body, timeout: 60)
            statuses.set(comment, answer?.status ?? 0)
        }.start()
    }

    /// Whether a session of the database is waiting for a lock: the worker, stuck behind `LogLock`.
    func workerIsWaiting() throws -> Bool {
        try database.connect().query("""
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND a.datname = \(database.name)
            """)[0].decode(Int.self, 0) > 0
    }

    /// With the worker busy and the queue full, a delivery is answered 503 with Retry-After at
    /// once; those that waited are answered 200 once they are committed. The worker holds two
    /// groups besides the queue: the one committing and the next, archived and read.
    func testAFullQueueIsAnswered503AtOnce() throws {
        try startServe(["--queue", "1"])
        let lock = try LogLock(database)
        let statuses = Statuses()
        deliverInBackground(1, into: statuses)
        XCTAssertTrue(try poll(timeout: 20) { try workerIsWaiting() }, "the worker took the first delivery and waits")
        deliverInBackground(2, into: statuses)
        Thread.sleep(forTimeInterval: 0.5) // the second is archived and read, and waits for the commit
        deliverInBackground(3, into: statuses)
        Thread.sleep(forTimeInterval: 0.5) // the third reaches the queue, which holds one
        let refused = try deliver(Self.commentDelivery(4))
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.headers["retry-after"], "5")
        try lock.unlock()
        XCTAssertTrue(poll(timeout: 30) { (1...3).allSatisfy { statuses.get($0) != nil } })
        XCTAssertEqual((1...3).map { statuses.get($0) }, [200, 200, 200])
        XCTAssertEqual(try eventsBySource().keys.sorted(),
                       ["200000000000001_900000001", "200000000000001_900000002", "200000000000001_900000003"])
    }

    /// Deliveries that queued while the worker was busy are committed together, in one transaction.
    func testDeliveriesThatWaitedAreCommittedTogether() throws {
        try startServe()
        let lock = try LogLock(database)
        let statuses = Statuses()
        deliverInBackground(0, into: statuses)
        XCTAssertTrue(try poll(timeout: 20) { try workerIsWaiting() })
        deliverInBackground(1, into: statuses)
        Thread.sleep(forTimeInterval: 0.5) // archived and read, it waits for the commit
        for comment in 2...6 { deliverInBackground(comment, into: statuses) }
        Thread.sleep(forTimeInterval: 1) // all five reach the queue
        try lock.unlock()
        XCTAssertTrue(poll(timeout: 30) { (0...6).allSatisfy { statuses.get($0) != nil } })
        XCTAssertEqual((0...6).map { statuses.get($0) }, Array(repeating: 200, count: 7))
        let transactions = try database.connect().query("""
            SELECT array_agg(right(source_id, 1) ORDER BY source_id)::text FROM civicpulse.events GROUP BY tx_id ORDER BY min(position)
            """).map { try $0.decode(String.self, 0) }
        XCTAssertEqual(transactions, ["{0}", "{1}", "{2,3,4,5,6}"], "the first delivery, the next, then the five that waited")
    }

    /// A delivery the database refuses (here a trigger refuses its comment) fails alone: those
    /// that were committed in the same group are tried again one by one and answered 200.
    func testADeliveryTheDatabaseRefusesDoesNotHoldBackItsGroup() throws {
        try database.connect().execute("""
            CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.source_id LIKE '%_900000002' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_one BEFORE INSERT ON civicpulse.events FOR EACH ROW EXECUTE FUNCTION refuse_one();
            """)
        try startServe()
        let lock = try LogLock(database)
        let statuses = Statuses()
        deliverInBackground(0, into: statuses)
        XCTAssertTrue(try poll(timeout: 20) { try workerIsWaiting() })
        for comment in 1...3 { deliverInBackground(comment, into: statuses) }
        Thread.sleep(forTimeInterval: 1) // all three reach the queue, and are taken as one group
        try lock.unlock()
        XCTAssertTrue(poll(timeout: 30) { (0...3).allSatisfy { statuses.get($0) != nil } })
        XCTAssertEqual((0...3).map { statuses.get($0) }, [200, 200, 503, 200])
        XCTAssertEqual(try eventsBySource().keys.sorted(),
                       ["200000000000001_900000000", "200000000000001_900000001", "200000000000001_900000003"])
    }

    /// SIGTERM while a delivery waits for its commit: serve finishes it, answers 200, and exits 0.
    func testSIGTERMFinishesTheDeliveryUnderWay() throws {
        try startServe()
        let lock = try LogLock(database)
        let statuses = Statuses()
        deliverInBackground(1, into: statuses)
        XCTAssertTrue(try poll(timeout: 20) { try workerIsWaiting() })
        serve!.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(serve!.isRunning, "serve waits for the delivery under way")
        try lock.unlock()
        XCTAssertTrue(serve!.wait(timeout: 30), "serve stops once it is committed")
        XCTAssertEqual(serve!.process.terminationStatus, 0, serve!.output)
        XCTAssertTrue(poll(timeout: 10) { statuses.get(1) != nil })
        XCTAssertEqual(statuses.get(1), 200)
        XCTAssertEqual(try eventsBySource(), ["200000000000001_900000001": 1])
    }
}

/// Answers' statuses by delivery, set from the threads that post them.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int: Int] = [:]

    func set(_ comment: Int, _ status: Int) { lock.withLock { statuses[comment] = status } }
    func get(_ comment: Int) -> Int? { lock.withLock { statuses[comment] } }
}
