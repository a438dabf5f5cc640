import CivicPulseCore
import Foundation

/// Everything that decides a simulation's output: the same options give the same bytes.
public struct SimulationOptions: Sendable {
    public var org: String
    /// The first local day simulated.
    public var start: CivilDate
    public var days: Int
    public var seed: UInt64
    /// Volume multiplier: 1.0 is a mid-sized council (a few hundred questions a day).
    public var scale: Double
    public var output: URL
    /// Share of well-formed records delivered twice (overlapping pages, webhook retries).
    public var duplicateRate = 0.004
    /// Share of records written broken (bad or missing timestamps, truncated lines).
    public var malformedRate = 0.002
    /// Tweets per Twitter v2 page (full-archive search allows 500).
    public var tweetsPerPage = 500
    /// Objects per Graph API page, and threads or videos per YouTube page (their maximum, 100).
    public var objectsPerPage = 100
    /// Lines per JSON Lines file before a new file starts.
    public var linesPerFile = 50_000

    public init(org: String, start: CivilDate, days: Int, seed: UInt64, scale: Double, output: URL) {
        self.org = org
        self.start = start
        self.days = days
        self.seed = seed
        self.scale = scale
        self.output = output
    }
}
