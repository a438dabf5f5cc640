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
}
