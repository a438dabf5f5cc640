import Foundation

/// Inline SVG charts for the HTML summary: no scripts, no external files, scale to any width
/// (a `viewBox` and `width: 100%`), and every label escaped.
enum SummaryCharts {
    /// Vertical bars, one per week, a percentage over each; a week with no figure shows `–`.
    static func weeklyPercentBars(_ weeks: [(label: String, value: Double?)], title: String) -> String {
        let width = 400.0, height = 190.0, top = 22.0, bottom = 24.0
        let slot = width / Double(max(weeks.count, 1))
        let plot = height - top - bottom
        var parts = ["<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
                     "<line x1=\"0\" y1=\"\(fmt(top + plot))\" x2=\"\(Int(width))\" y2=\"\(fmt(top + plot))\" class=\"axis\"/>"]
        for (index, week) in weeks.enumerated() {
            let x = Double(index) * slot
            let centre = x + slot / 2
            if let value = week.value {
                let barHeight = max(1, plot * min(max(value, 0), 1))
                let last = index == weeks.count - 1
                parts.append("<rect x=\"\(fmt(x + slot * 0.18))\" y=\"\(fmt(top + plot - barHeight))\" width=\"\(fmt(slot * 0.64))\" height=\"\(fmt(barHeight))\" class=\"\(last ? "bar now" : "bar")\"/>")
                parts.append("<text x=\"\(fmt(centre))\" y=\"\(fmt(top + plot - barHeight - 5))\" class=\"value\">\(Int((value * 100).rounded()))%</text>")
            } else {
                parts.append("<text x=\"\(fmt(centre))\" y=\"\(fmt(top + plot - 5))\" class=\"value\">–</text>")
            }
            parts.append("<text x=\"\(fmt(centre))\" y=\"\(fmt(height - 7))\" class=\"label\">\(HTML.escape(week.label))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Horizontal bars, one per row, the name above its bar and the figure at its end.
    static func horizontalBars(_ rows: [(label: String, value: Int, shown: String)], title: String) -> String {
        let width = 400.0, rowHeight = 36.0, labelRoom = 60.0
        let height = rowHeight * Double(max(rows.count, 1))
        let most = Double(rows.map(\.value).max() ?? 0)
        var parts = ["<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"]
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight
            let length = most > 0 ? max(1, (width - labelRoom) * Double(row.value) / most) : 1
            parts.append("<text x=\"0\" y=\"\(fmt(y + 12))\" class=\"name\">\(HTML.escape(row.label))</text>")
            parts.append("<rect x=\"0\" y=\"\(fmt(y + 17))\" width=\"\(fmt(length))\" height=\"12\" rx=\"2\" class=\"bar\"/>")
            parts.append("<text x=\"\(fmt(length + 5))\" y=\"\(fmt(y + 27))\" class=\"figure\">\(HTML.escape(row.shown))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A small trend line for a headline card; gaps where a week has no figure.
    static func sparkline(_ values: [Double?]) -> String {
        let known = values.compactMap { $0 }
        guard values.count > 1, let low = known.min(), let high = known.max() else { return "" }
        let width = 100.0, height = 24.0
        let step = width / Double(values.count - 1)
        var segments: [[String]] = [[]]
        for (index, value) in values.enumerated() {
            guard let value else { segments.append([]); continue }
            let y = high > low ? height - 2 - (value - low) / (high - low) * (height - 4) : height / 2
            segments[segments.count - 1].append("\(fmt(Double(index) * step)),\(fmt(y))")
        }
        let lines = segments.filter { !$0.isEmpty }.map { "<polyline points=\"\($0.joined(separator: " "))\"/>" }
        return "<svg class=\"spark\" viewBox=\"0 0 100 24\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\(lines.joined())</svg>"
    }

    static func fmt(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
