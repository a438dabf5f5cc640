import CivicPulseCore
import Foundation

/// Whole local days with no event at all, between days with data (`CoverageQueries`): not quiet
/// but unrecorded, so figures that fall in them are unknown and no baseline counts them.
public struct DataGap: Sendable, Equatable {
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    /// The first instant of `firstDay`.
    public var start: Date
    /// The first instant after `lastDay`: the local midnight the data resumes on.
    public var end: Date
}
