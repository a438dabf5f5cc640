import CivicPulseCore
import Foundation
import Postgres

extension OutOfHoursAnswer {
    /// The first response on the business clock under this rule, of the `projections.response_items`
    /// row named `item`. Applied when figures are read, so a changed rule needs no rebuild.
    func businessSeconds(of item: String) -> Query {
        businessSeconds("\(item).business_response_seconds", elapsed: "\(item).response_seconds")
    }

    /// The column `business` (stored business seconds) under this rule: as stored, or under
    /// `elapsed` the column `elapsed` (wall-clock seconds) where no opening time passed. Items'
    /// first responses and every reply follow the one rule (docs/calendars-and-sla.md).
    func businessSeconds(_ business: String, elapsed: String) -> Query {
        """
        CASE WHEN \(unescaped: business) = 0 AND \(self == .elapsed) THEN \(unescaped: elapsed) ELSE \(unescaped: business) END
        """
    }
}
