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

    /// How many counts each block stands for so that `count` of them take at most `width` blocks.
    public static func countsPerBlock(_ count: Int, width: Int) -> Int {
        count <= width ? 1 : (count + width - 1) / width
    }

    /// Counts scaled from zero to the largest, as a volume timeline reads: an empty hour is `▁`.
    /// At most `width` blocks: a longer series is drawn `countsPerBlock` counts a block, by their
    /// mean, so that five weeks of hours stay one line and a short last block does not read as a fall.
    public static func render(counts: [Int], width: Int = .max) -> String {
        let perBlock = countsPerBlock(counts.count, width: width)
        let levels = stride(from: 0, to: counts.count, by: perBlock).map { start in
            let block = counts[start..<min(start + perBlock, counts.count)]
            return Double(block.reduce(0, +)) / Double(block.count)
        }
        let top = levels.max() ?? 0
        guard top > 0 else { return String(repeating: blocks[0], count: levels.count) }
        return String(levels.map { blocks[min(blocks.count - 1, Int(($0 / top * Double(blocks.count - 1)).rounded()))] })
    }
}
