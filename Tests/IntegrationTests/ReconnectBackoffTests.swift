import CivicPulseProcessor
import Foundation
import XCTest

/// The follower's waits between attempts to reconnect (pure: no server).
final class ReconnectBackoffTests: XCTestCase {
    func testWaitsDoubleFromHalfASecondUpToTheCapEachShortenedByAtMostTheJitter() {
        var backoff = ReconnectBackoff(initial: 0.5, cap: 30, jitter: 0.2)
        var generator = SystemRandomNumberGenerator()
        let waits = (0..<12).map { _ in backoff.next(using: &generator) }
        for (attempt, wait) in waits.enumerated() {
            let base = min(30, 0.5 * pow(2, Double(attempt)))
            XCTAssertLessThanOrEqual(wait, base, "attempt \(attempt)")
            XCTAssertGreaterThanOrEqual(wait, base * 0.8, "attempt \(attempt)")
        }
    }
}
