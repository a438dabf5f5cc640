import CivicPulseCore
import Foundation
import Postgres

extension OutOfHoursAnswer {
    /// The first response on the business clock under this rule, of the `projections.response_items`
    /// row named `item`: the stored business time, or under `elapsed` the wall-clock time of an
    /// answer that took none. Applied when figures are read, so a changed rule needs no rebuild.
    func businessSeconds(of item: String) -> Query {
        """
        CASE WHEN \(unescaped: item).business_response_seconds = 0 AND \(self == .elapsed)
             THEN \(unescaped: item).response_seconds ELSE \(unescaped: item).business_response_seconds END
        """
    }
}
