import CivicPulseReadModel
import Foundation

/// Filters shared by the response reports.
public struct ResponseFilter: Sendable, Equatable {
    public var org: String
    public var period: ReportPeriod
    public var service: String?
    public var channel: String?

    public init(org: String, period: ReportPeriod, service: String? = nil, channel: String? = nil) {
        self.org = org
        self.period = period
        self.service = service
        self.channel = channel
    }

    /// The items the read model's queries read for it.
    public var scope: ResponseItemScope {
        ResponseItemScope(org: org, period: period.bounds, service: service, channel: channel)
    }
}
