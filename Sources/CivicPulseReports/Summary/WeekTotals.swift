import CivicPulseReadModel
import Foundation
import Postgres

/// The council's response figures for whole weeks, as the summary's trend shows them: counts,
/// rates and the median first response (the mean, percentiles and at-risk count stay unset).
///
/// A week judged at its end is read from the row the processor keeps for it unless its items
/// changed since; any other week is computed from the items (`ResponseWeekQueries`). A summary
/// asked mid-week judges every earlier week that far in, so it computes them all.
enum WeekTotals {
    static func load(org: String, weeks: [ReportPeriod], on connection: Connection) throws -> [ResponseStats] {
        var totals = try stored(org: org, weeks: weeks, on: connection)
        let missing = weeks.indices.filter { totals[$0] == nil }
        if !missing.isEmpty {
            let computed = try ResponseWeekQueries.computed(org: org, weeks: missing.map { weeks[$0].bounds }, on: connection)
            for (index, row) in zip(missing, computed) { totals[index] = row.map(stats) }
        }
        return totals.map { $0 ?? .empty }
    }

    /// The stored rows of the weeks judged at their end, cut in their time zone and not stale.
    private static func stored(org: String, weeks: [ReportPeriod], on connection: Connection) throws -> [ResponseStats?] {
        let atEnd = weeks.indices.filter { weeks[$0].asOf == weeks[$0].end }
        guard let zone = atEnd.first.map({ weeks[$0].timeZone.identifier }) else { return weeks.map { _ in nil } }
        let byBounds = try ResponseWeekQueries.stored(org: org, starts: atEnd.map { weeks[$0].start }, zone: zone, on: connection)
        return weeks.indices.map { atEnd.contains($0) ? byBounds[[weeks[$0].start, weeks[$0].end]].map(stats) : nil }
    }

    private static func stats(_ row: WeekTotalsRow) -> ResponseStats {
        ResponseStats(
            inbound: row.inbound, answered: row.answered, responseRate: Formatting.ratio(row.answered, of: row.inbound),
            medianFirstResponseSeconds: row.medianSeconds,
            withinTarget: row.withinTarget, judged: row.judged, withinTargetRate: Formatting.ratio(row.withinTarget, of: row.judged),
            breached: row.judged - row.withinTarget, open: row.open, atRisk: 0,
            oldestOpenAgeSeconds: row.oldestOpenSeconds, urgent: row.urgent
        )
    }
}
