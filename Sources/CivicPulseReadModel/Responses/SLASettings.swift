import CivicPulseCore
import Foundation
import Postgres

/// The pipeline's SLA settings that analysts' SQL needs, as the processor last read them, kept
/// beside the org's zone in `projections.org_settings`: `analytics.response_items` counts business
/// time by `sla.out_of_hours_answer` (migration 105) and resolves items by
/// `sla.resolution_quiet_period` (migration 120), since analysts' SQL cannot read the pipeline.
/// The reports read the pipeline itself.
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
}
