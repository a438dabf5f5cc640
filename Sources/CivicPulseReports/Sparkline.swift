/// A trend in one line of text: `▁▂▃▅▇█`, one block per value, scaled between the series' own
/// lowest and highest values. A missing value is `·`, so a week with nothing to divide shows
/// as no figure instead of a fake zero (and survives Markdown, which trims spaces in cells).
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let missing: Character = "·"

    public static func render(_ values: [Double?]) -> String {
        let known = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = known.min(), let high = known.max() else { return String(repeating: missing, count: values.count) }
        return String(values.map { value -> Character in
            guard let value, value.isFinite else { return missing }
            guard high > low else { return blocks[3] }
            let step = Int(((value - low) / (high - low) * Double(blocks.count - 1)).rounded())
            return blocks[min(max(step, 0), blocks.count - 1)]
        })
    }

    /// Counts scaled from zero to the largest, as a volume timeline reads: an empty hour is `▁`.
    public static func render(counts: [Int]) -> String {
        let top = Double(counts.max() ?? 0)
        guard top > 0 else { return String(repeating: blocks[0], count: counts.count) }
        return String(counts.map { blocks[min(blocks.count - 1, Int((Double($0) / top * Double(blocks.count - 1)).rounded()))] })
    }
}
