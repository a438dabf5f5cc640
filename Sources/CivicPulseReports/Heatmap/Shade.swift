import Foundation

/// Shading for a text heatmap: a value as one of ` ░▒▓█`, in four equal steps up to the
/// largest value shown, so the busiest hour is always `█`.
public struct Shade: Sendable, Equatable {
    /// The largest value shown.
    public var maximum: Double

    public init(maximum: Double) {
        self.maximum = maximum
    }

    static let characters: [Character] = [" ", "░", "▒", "▓", "█"]

    /// The step of `value`: 0 for none (nil), else 1 to 4, the step whose upper bound,
    /// a quarter of the maximum each, is the first at or above it; a value of 0 is step 1 (it
    /// is a figure: an answer in the same second).
    public func level(_ value: Double?) -> Int {
        guard let value else { return 0 }
        guard maximum > 0 else { return 1 }
        return min(4, max(1, Int((4 * value / maximum).rounded(.up))))
    }

    public func character(_ value: Double?) -> Character {
        Self.characters[level(value)]
    }

    /// The upper bound of step `level` (1–4).
    public func upperBound(_ level: Int) -> Double {
        maximum * Double(level) / 4
    }

    /// The steps that whole counts fall in, each with the counts it shows (`1`, `4–5`); steps
    /// that no whole count falls in left out.
    public func countSteps() -> [(level: Int, counts: String)] {
        (1...4).compactMap { level in
            let lowest = level == 1 ? 1 : Int(upperBound(level - 1).rounded(.down)) + 1
            let highest = Int(upperBound(level).rounded(.down))
            guard lowest <= highest else { return nil }
            return (level, lowest == highest ? Formatting.count(lowest) : "\(Formatting.count(lowest))–\(Formatting.count(highest))")
        }
    }

    /// The legend for whole counts: each step's character with its counts (`░ 1`, `█ 4–5`).
    public func countLegend() -> [String] {
        countSteps().map { "\(Self.characters[$0.level]) \($0.counts)" }
    }

    /// The legend for durations: each step with the longest it shows (`░ ≤ 45m`).
    public func durationLegend() -> [String] {
        (1...4).map { "\(Self.characters[$0]) ≤ \(Formatting.duration(upperBound($0)))" }
    }
}
