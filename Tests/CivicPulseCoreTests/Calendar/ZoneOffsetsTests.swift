import XCTest
@testable import CivicPulseCore

/// The zone clock's offsets are Foundation's own at every instant, in zones whose offsets change
/// in every way there is: twice a year (London, New York, São Paulo until 2019), by half an hour
/// (Lord Howe), by a whole day across the date line (Apia, end of 2011), by a change of standard
/// time with no daylight saving (Moscow 2011 and 2014), during Ramadan (Casablanca), or never (Kolkata).
final class ZoneOffsetsTests: XCTestCase {
    private let zones = ["Europe/London", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe",
                         "Pacific/Apia", "Europe/Moscow", "Africa/Casablanca", "Asia/Kolkata", "Pacific/Chatham", "UTC"]

    private func foundation(_ zone: TimeZone, _ instant: Int) -> Int {
        zone.secondsFromGMT(for: CalendarMillis.date(instant)) * 1000
    }

    func testEveryHourOfTheYearsOfUnusualChangesIsFoundationsOffset() throws {
        let from = CalendarMillis.from(CalendarFixtures.utc(2010, 1, 1, 0))
        let to = CalendarMillis.from(CalendarFixtures.utc(2015, 1, 1, 0))
        for name in zones {
            let zone = try XCTUnwrap(TimeZone(identifier: name))
            let clock = ZoneClock(timeZone: zone)
            for instant in stride(from: from, to: to, by: 3_600_000) {
                XCTAssertEqual(clock.offset(at: instant), foundation(zone, instant), "\(name) at \(instant)")
            }
        }
    }

    func testTheMillisecondsEitherSideOfEachChangeAreFoundationsOffsets() throws {
        for name in zones {
            let zone = try XCTUnwrap(TimeZone(identifier: name))
            let clock = ZoneClock(timeZone: zone)
            var date = CalendarFixtures.utc(1971, 1, 1, 0)
            while let change = zone.nextDaylightSavingTimeTransition(after: date), change < CalendarFixtures.utc(2099, 1, 1, 0) {
                let instant = CalendarMillis.from(change)
                for probe in [instant - 1000, instant - 1, instant, instant + 1, instant + 1000] {
                    XCTAssertEqual(clock.offset(at: probe), foundation(zone, probe), "\(name) at \(probe)")
                }
                date = change
            }
        }
    }

    func testRandomInstantsInsideAndOutsideTheTableAreFoundationsOffsets() throws {
        var random = SystemRandomNumberGenerator()
        let latest = CalendarMillis.from(CalendarFixtures.utc(2200, 1, 1, 0))
        let earliest = CalendarMillis.from(CalendarFixtures.utc(1900, 1, 1, 0))
        for name in zones {
            let zone = try XCTUnwrap(TimeZone(identifier: name))
            let clock = ZoneClock(timeZone: zone)
            for _ in 0..<2000 {
                let instant = Int.random(in: earliest..<latest, using: &random)
                XCTAssertEqual(clock.offset(at: instant), foundation(zone, instant), "\(name) at \(instant)")
            }
        }
    }
}
