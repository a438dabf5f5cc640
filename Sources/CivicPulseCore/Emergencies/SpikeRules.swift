import Foundation

/// The usual level an hour is compared with, and where it came from.
public struct SpikeBaseline: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The mean of the same hour of the week in up to 4 previous weeks.
        case weekly
        /// The busiest of the same hour on up to 6 previous days (less than a week of history).
        case daily
        /// The busiest of the previous 12 hours (less than a day of history).
        case recent
    }

    public var value: Double
    public var kind: Kind
    /// How many reference hours it was made from.
    public var references: Int

    public init(value: Double, kind: Kind, references: Int) {
        self.value = value
        self.kind = kind
        self.references = references
    }

    /// The number of samples the score credits the baseline with: a mean of n weekly hours has
    /// 1/n of an hour's noise; the fallbacks' maximum is credited as a single hour.
    var samples: Int { kind == .weekly ? max(1, references) : 1 }
}

/// When an hour's count is a spike, and when it is still one (docs/emergencies.md).
///
/// Counts of messages are roughly Poisson, whose variance grows with the mean, so a raw
/// difference means little: 3 against 1 and 300 against 200 are not alike. The Anscombe
/// transform A(x) = 2·√(x + 3/8) makes a Poisson count's variance ≈ 1 whatever its mean, so
///
///     z = (A(count) − A(baseline)) / √(1 + 1/n)
///
/// is a standard score, where n is the number of hours the baseline averages (its own noise).
/// An hour *starts* a spike when z, the ratio to the baseline and the count all clear the
/// sensitivity's bars; a spike *continues* while an hour clears half of each (hysteresis), so
/// it does not flicker on and off at the edge.
public struct SpikeRules: Sendable, Equatable {
    public var sensitivity: EmergencySettings.Sensitivity
    public var minimumHourly: Int

    public init(sensitivity: EmergencySettings.Sensitivity, minimumHourly: Int) {
        self.sensitivity = sensitivity
        self.minimumHourly = minimumHourly
    }

    /// The score an hour needs to start a spike.
    public var startScore: Double {
        switch sensitivity {
        case .low: 5
        case .medium: 4
        case .high: 3
        }
    }

    /// How many times its baseline an hour needs to start a spike: the Poisson score alone
    /// would call a busy hour of a big series a surge, as real counts vary more than Poisson.
    public var startRatio: Double {
        switch sensitivity {
        case .low: 3
        case .medium: 2
        case .high: 1.5
        }
    }

    public var continueScore: Double { startScore / 2 }
    public var continueRatio: Double { 1 + (startRatio - 1) / 2 }
    public var continueMinimum: Int { max(1, (minimumHourly + 1) / 2) }

    public static func anscombe(_ value: Double) -> Double {
        2 * (max(0, value) + 0.375).squareRoot()
    }

    public static func score(count: Int, baseline: SpikeBaseline) -> Double {
        let spread = (1 + 1 / Double(baseline.samples)).squareRoot()
        return (anscombe(Double(count)) - anscombe(baseline.value)) / spread
    }

    public func starts(count: Int, baseline: SpikeBaseline) -> Bool {
        count >= minimumHourly && Double(count) >= startRatio * baseline.value
            && Self.score(count: count, baseline: baseline) >= startScore
    }

    public func continues(count: Int, baseline: SpikeBaseline) -> Bool {
        count >= continueMinimum && Double(count) >= continueRatio * baseline.value
            && Self.score(count: count, baseline: baseline) >= continueScore
    }
}
