import CivicPulseCore
import Foundation
import Postgres

/// The pipeline's `sla.out_of_hours_answer` as the processor last read it, kept beside the org's
/// zone in `projections.org_settings`: `analytics.response_items` counts business time by it,
/// since analysts' SQL cannot read the pipeline. The reports read the pipeline itself.
public enum OutOfHoursAnswerSetting {
    /// Records `rule` for `org`, making the org's row (with its zone) if there is none yet.
    public static func record(_ rule: OutOfHoursAnswer, org: String, timeZone: TimeZone, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO projections.org_settings (org, time_zone, out_of_hours_answer) VALUES (\(org), \(timeZone.identifier), \(rule.rawValue))
            ON CONFLICT (org) DO UPDATE SET out_of_hours_answer = excluded.out_of_hours_answer
            WHERE org_settings.out_of_hours_answer <> excluded.out_of_hours_answer
            """)
    }
}
