import Foundation

extension BusinessCalendar {
    /// The calendar a service gets when its pipeline names none: Monday to Friday 09:00–17:00,
    /// closed on England and Wales bank holidays, in the org's zone.
    public static func standardOffice(in timeZone: TimeZone) throws -> BusinessCalendar {
        let day = try OpeningHours.Interval(start: 9 * 60, end: 17 * 60)
        let hours = try OpeningHours(Dictionary(uniqueKeysWithValues: (1...5).map { ($0, [day]) }))
        return BusinessCalendar(timeZone: timeZone, hours: hours, bankHolidays: .englandAndWales)
    }
}
