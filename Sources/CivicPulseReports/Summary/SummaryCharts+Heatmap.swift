import Foundation

extension SummaryCharts {
    /// A weekday × hour heatmap of items opened, shaded as the `heatmap` text is (`Shade`): a row a
    /// weekday, a square an hour, each square titled with its figures for screen readers and
    /// pointers, hatched grey where the period has no such hour, and a key under it.
    static func heatmap(_ cells: ArrivalCells, title: String) -> String {
        let left = 34.0, top = 16.0, size = 21.0, gap = 2.0
        let width = left + 24 * size, keyTop = top + 7 * size + 10
        let height = keyTop + 18
        let shade = Shade(maximum: Double(cells.items.joined().compactMap { $0 }.max() ?? 0))
        var parts = ["<svg class=\"chart heatmap\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
                     "<title>\(HTML.escape(title))</title>"]
        for hour in stride(from: 0, to: 24, by: 3) {
            parts.append("<text x=\"\(fmt(left + Double(hour) * size + size / 2))\" y=\"\(fmt(top - 5))\" class=\"label\">\(String(format: "%02d", hour))</text>")
        }
        for day in WeekHours.weekdays.indices {
            let y = top + Double(day) * size
            let label = WeekHours.dayLabel(day)
            parts.append("<text x=\"0\" y=\"\(fmt(y + size * 0.7))\" class=\"name\">\(HTML.escape(label))</text>")
            for hour in 0..<24 {
                let x = left + Double(hour) * size
                let items = cells.items[day][hour]
                let hours = WeekHours.hourLabel(hour)
                let figures = items.map { count in
                    "\(Formatting.count(count)) \(count == 1 ? "item" : "items")" + (cells.medianFirstResponseSeconds[day][hour].map { ", median first response \(Formatting.duration($0))" } ?? "")
                } ?? "not in the period"
                let level = items.map { $0 == 0 ? 0 : shade.level(Double($0)) }
                parts.append("<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(size - gap))\" height=\"\(fmt(size - gap))\" rx=\"2\" "
                    + "class=\"heat\(level.map(String.init) ?? "x")\"><title>\(HTML.escape("\(label) \(hours): \(figures)"))</title></rect>")
            }
        }
        var x = left
        for (level, text) in [(level: 0, counts: "none")] + shade.countSteps() {
            parts.append("<rect x=\"\(fmt(x))\" y=\"\(fmt(keyTop))\" width=\"12\" height=\"12\" rx=\"2\" class=\"heat\(level)\"/>")
            parts.append("<text x=\"\(fmt(x + 16))\" y=\"\(fmt(keyTop + 10))\" class=\"figure\">\(HTML.escape(text))</text>")
            // Room for the phone's larger type (14 units a character's height, under 600px).
            x += 24 + Double(text.count) * 9
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
