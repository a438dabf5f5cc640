import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// When residents write and how long they wait (`civicpulse heatmap`): `ArrivalCells` of a
/// period, service and channel, under the header every report has, so a team can set its rota.
public struct ArrivalHeatmap: Codable, Sendable, Equatable {
    public var header: ReportHeader
    public var service: String?
    public var channel: String?
    /// Nil when the period was not recorded (`DataSpan.records`): its figures are unknown, not zero.
    public var arrivals: ArrivalCells?

    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> ArrivalHeatmap {
        // The data's span once, for whether the period was recorded and for the header.
        let span = try ReportHeader.span(filter, on: connection)
        let recorded = span.records(filter.period)
        return ArrivalHeatmap(
            header: try ReportHeader.load(report: "arrivals by hour", filter: filter, config: config, span: span, on: connection),
            service: filter.service, channel: filter.channel,
            arrivals: recorded ? try ArrivalCells.load(filter, on: connection) : nil
        )
    }

    public func json() throws -> String {
        try reportJSON(self)
    }
}
