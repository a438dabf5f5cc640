import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// One page answering a freedom-of-information request about social-media customer service:
/// volume and channels, first response, resolution, what was still open, the longest wait and
/// the hours the services keep, for a council officer to paste into a reply.
public struct FOIReport: Codable, Sendable, Equatable {
    public var header: ReportHeader
    /// Nil when the period was not recorded (`DataSpan.records`): its figures are unknown, not zero.
    public var figures: FOIFigures?
    /// How long a resident must stay quiet after a reply for the item to count as resolved.
    public var quietPeriodSeconds: Double
    /// How answers given before the service next opened count in the opening-hours median.
    public var outOfHoursAnswer: OutOfHoursAnswer
    public var serviceHours: [ServiceHours]

    /// A service's opening hours as its calendar had them on the period's last day.
    public struct ServiceHours: Codable, Sendable, Equatable {
        public var service: String
        public var name: String
        /// `mon-fri 09:00-17:00`, `always open`, or `never open`.
        public var hours: String
        /// `england_and_wales`, …; nil for none.
        public var bankHolidays: String?

        enum CodingKeys: String, CodingKey {
            case service, name, hours
            case bankHolidays = "bank_holidays"
        }
    }

    enum CodingKeys: String, CodingKey {
        case header, figures
        case quietPeriodSeconds = "quiet_period_seconds"
        case outOfHoursAnswer = "out_of_hours_answer"
        case serviceHours = "service_hours"
    }

    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> FOIReport {
        // The data's span once, for whether the period was recorded and for the header.
        let span = try ReportHeader.span(filter, on: connection)
        let recorded = span.records(filter.period)
        let lastDay = filter.period.to
        return FOIReport(
            header: try ReportHeader.load(report: "customer service on social media (FOI)", filter: filter, config: config, span: span, on: connection),
            figures: recorded ? FOIFigures(items: try ExportedItem.load(filter, config: config, on: connection), asOf: filter.period.asOf) : nil,
            quietPeriodSeconds: config.resolutionQuietPeriod,
            outOfHoursAnswer: config.outOfHoursAnswer,
            serviceHours: config.services.filter { $0.id != PipelineConfig.unassigned }.map { service in
                let calendar = service.calendar.version(on: lastDay).value
                return ServiceHours(
                    service: service.id, name: service.name,
                    hours: calendar.isAlwaysOpen ? "always open" : calendar.hours.description,
                    bankHolidays: calendar.bankHolidays?.rawValue
                )
            }
        )
    }
}
