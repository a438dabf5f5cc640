import CivicPulseCore
import Foundation
import Postgres

/// The pipeline's SLA settings that analysts' SQL needs, as the processor last read them, kept
/// beside the org's zone in `projections.org_settings`: `analytics.response_items` counts business
/// time by `sla.out_of_hours_answer` (migration 105) and resolves items by
/// `sla.resolution_quiet_period` (migration 120), since analysts' SQL cannot read the pipeline.
/// The reports read the pipeline itself; the resolutions the processor keeps with the items
/// (migration 133) were judged with the quiet period recorded here.
public enum SLASettings {
    /// Records `config`'s settings for its org, making the org's row (with its zone) if there is none yet.
    public static func record(_ config: PipelineConfig, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO projections.org_settings (org, time_zone, out_of_hours_answer, resolution_quiet_period)
            VALUES (\(config.org), \(config.timeZone.identifier), \(config.outOfHoursAnswer.rawValue), make_interval(secs => \(config.resolutionQuietPeriod)))
            ON CONFLICT (org) DO UPDATE SET out_of_hours_answer = excluded.out_of_hours_answer, resolution_quiet_period = excluded.resolution_quiet_period
            WHERE (org_settings.out_of_hours_answer, org_settings.resolution_quiet_period)
                  IS DISTINCT FROM (excluded.out_of_hours_answer, excluded.resolution_quiet_period)
            """)
    }

    /// The quiet period recorded for `org`: the one its items' kept resolutions were judged
    /// with; nil before the processor first settled the org.
    public static func recordedQuietPeriod(org: String, on connection: Connection) throws -> TimeInterval? {
        try connection.query("""
            SELECT extract(epoch FROM resolution_quiet_period)::float8 FROM projections.org_settings WHERE org = \(org)
            """).first.map { try $0.decode(Double.self, 0) }
    }
}
