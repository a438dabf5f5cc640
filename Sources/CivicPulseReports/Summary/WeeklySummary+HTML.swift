import Foundation

extension WeeklySummary {
    /// One self-contained page: inline CSS and SVG, no scripts, no fetches. Two columns on a wide
    /// screen, one on a phone, and clean on paper.
    public func html() -> String {
        var body: [String] = [
            "<header><p class=\"org\">\(HTML.escape(header.orgName))</p>",
            "<h1>Weekly summary <span>\(HTML.escape(isoWeek))</span></h1>",
            "<p class=\"meta\">\(HTML.escape(header.from)) to \(HTML.escape(header.to)) · \(HTML.escape(asOfLine))</p>",
        ] + header.dataNotes.map { "<p class=\"warning\">\(HTML.escape($0))</p>" } + ["</header>"]
        guard hasData else {
            body.append("<section class=\"empty\"><p>\(HTML.escape(emptyWeekLine))</p></section>")
            return page(body)
        }
        body.append("<section class=\"cards\" aria-label=\"Headlines\">")
        for figure in figures {
            let mood = figure.improved.map { $0 ? "good" : "bad" } ?? "same"
            body.append("""
                <div class="card"><p class="label">\(HTML.escape(figure.label))</p>\
                <p class="value">\(HTML.escape(figure.value))</p>\
                <p class="change \(mood)">\(figure.change == "–" ? "<span>no figure for \(HTML.escape(shortPrevious))</span>" : "\(HTML.escape(figure.change)) <span>vs \(HTML.escape(shortPrevious))</span>")</p>\
                \(SummaryCharts.sparkline(figure.trend))</div>
                """)
        }
        body.append("</section>")
        body.append("<div class=\"grid\">")
        let slaWeeks = zip(trend, drawn(\.withinTargetRate)).map { week, value in
            (label: "W" + (week.week.split(separator: "W").last.map(String.init) ?? "") + (week.partial ? " so far" : ""), value: value)
        }
        body.append(panel("Answered within SLA, last 8 weeks", SummaryCharts.weeklyPercentBars(slaWeeks, title: "Answered within SLA by week")))
        let reachBars = reach.services.filter { $0.reach != nil }.sorted { ($0.reach ?? 0) > ($1.reach ?? 0) }
            .map { (label: name(of: $0.service ?? ""), value: $0.reach ?? 0, shown: Formatting.count($0.reach)) }
        body.append(panel("Reach by service", reachBars.isEmpty ? "<p>No reach figures this week.</p>"
            : SummaryCharts.horizontalBars(reachBars, title: "Reach by service this week")))
        if let arrivals, arrivals.total > 0 {
            body.append(panel("When residents write: items by hour of arrival (\(header.timeZone))",
                              SummaryCharts.heatmap(arrivals, title: "Items opened by weekday and hour of arrival"), wide: true))
        }
        for section in sections.dropFirst() {
            body.append(panel(section.title, section.blocks.map(block).joined(separator: "\n"), wide: section.title == "Services"))
        }
        body.append("</div>")
        body.append("<footer><p>\(HTML.escape(headlineNote(sparklines: false)))</p>"
            + "<p>CivicPulse · the same figures as <code>civicpulse dashboard</code>, <code>sla</code> and <code>reach</code> for this week.</p></footer>")
        return page(body)
    }

    /// `W46`: the week before, as the cards name it.
    private var shortPrevious: String {
        "W" + (previousWeek.split(separator: "W").last.map(String.init) ?? previousWeek)
    }

    private func panel(_ title: String, _ content: String, wide: Bool = false) -> String {
        "<section class=\"panel\(wide ? " wide" : "")\"><h2>\(HTML.escape(title))</h2>\n\(content)\n</section>"
    }

    private func block(_ block: SummarySection.Block) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(HTML.escape(text))</p>"
        case .table(var headers, var rows, let left):
            // A trailing unnamed column holds marks (best, worst): shown as a badge beside the
            // name, so the table keeps to a phone's width.
            var marks: [String] = []
            if headers.last == "" {
                headers.removeLast()
                marks = rows.map { $0.last ?? "" }
                rows = rows.map { Array($0.dropLast()) }
            }
            func cells(_ row: [String], tag: String, mark: String = "") -> String {
                row.enumerated().map { index, cell in
                    let badge = index == 0 && !mark.isEmpty ? " <span class=\"badge \(HTML.escape(mark.replacingOccurrences(of: " ", with: "-")))\">\(HTML.escape(mark))</span>" : ""
                    return "<\(tag)\(left.contains(index) ? (index == 0 ? " class=\"name\"" : "") : " class=\"num\"")>\(HTML.escape(cell))\(badge)</\(tag)>"
                }.joined()
            }
            return "<div class=\"scroll\"><table><thead><tr>\(cells(headers, tag: "th"))</tr></thead><tbody>"
                + rows.enumerated().map { "<tr>\(cells($1, tag: "td", mark: marks.isEmpty ? "" : marks[$0]))</tr>" }.joined() + "</tbody></table></div>"
        case .items(let items):
            return "<ul>" + items.map { item in
                "<li>\(HTML.escape(item.text))" + (item.link.map { " · " + HTML.link($0, text: "view") } ?? "") + "</li>"
            }.joined() + "</ul>"
        }
    }

    private func page(_ body: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape("\(header.orgName) — weekly summary \(isoWeek)"))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>
        \(body.joined(separator: "\n"))
        </main>
        </body>
        </html>

        """
    }

    static let css = """

        :root { --ink: #1d2733; --muted: #5b6775; --line: #d9dee4; --accent: #1f5fa8; --good: #1a7f37; --bad: #b42318; --paper: #f4f6f8; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--paper); color: var(--ink); font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 40px; }
        header { margin-bottom: 18px; }
        .org { margin: 0; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; font-size: 13px; }
        h1 { margin: 2px 0 4px; font-size: 28px; line-height: 1.2; }
        h1 span { color: var(--accent); }
        .meta { margin: 0; color: var(--muted); font-size: 14px; }
        .warning { margin: 6px 0 0; color: var(--bad); font-weight: 600; font-size: 14px; }
        h2 { margin: 0 0 10px; font-size: 17px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 12px; margin-bottom: 16px; }
        .card, .panel, .empty { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
        .card p, .empty p { margin: 0; }
        .card .label { color: var(--muted); font-size: 13px; }
        .card .value { font-size: 26px; font-weight: 700; line-height: 1.25; font-variant-numeric: tabular-nums; }
        .change { font-size: 13px; font-weight: 600; }
        .change span { color: var(--muted); font-weight: 400; }
        .good { color: var(--good); } .bad { color: var(--bad); } .same { color: var(--muted); }
        .spark { display: block; width: 100%; height: 24px; margin-top: 6px; }
        .spark polyline { fill: none; stroke: var(--accent); stroke-width: 2; vector-effect: non-scaling-stroke; }
        .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
        .panel, .card { min-width: 0; }
        .panel.wide { grid-column: 1 / -1; }
        .panel p { margin: 0 0 10px; }
        .panel ul { margin: 0 0 10px; padding-left: 20px; }
        .panel li { margin-bottom: 4px; }
        .scroll { overflow-x: auto; margin-bottom: 10px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
        th { color: var(--muted); font-weight: 600; font-size: 13px; }
        .num { text-align: right; }
        td.name { white-space: normal; }
        .badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 9px; background: #eef1f4; color: var(--muted); white-space: nowrap; }
        .badge.best { background: #dcf2e3; color: var(--good); } .badge.worst { background: #fde4e1; color: var(--bad); }
        .chart { display: block; width: 100%; max-width: 560px; height: auto; }
        .chart .bar { fill: #9db8d9; } .chart .bar.now { fill: var(--accent); }
        .chart .axis { stroke: var(--line); }
        .chart text { font: 11px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
        .chart .value, .chart .label { text-anchor: middle; } .chart .label { fill: var(--muted); }
        .chart .name { font-size: 12px; }
        .heatmap { max-width: 100%; }
        .heat0 { fill: #eef1f4; } .heat1 { fill: #c6d7ec; } .heat2 { fill: #8fb0d8; } .heat3 { fill: #4f84c0; } .heat4 { fill: var(--accent); }
        .heatx { fill: #fff; stroke: var(--line); }
        a { color: var(--accent); }
        footer { margin-top: 18px; color: var(--muted); font-size: 12px; }
        @media (max-width: 600px) {
          main { padding: 16px 12px 28px; }
          h1 { font-size: 23px; }
          .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
          .card { padding: 10px 12px; }
          .card .value { font-size: 22px; }
          .grid { grid-template-columns: minmax(0, 1fr); }
          th, td { padding: 4px 5px; }
          table { font-size: 13px; }
          th { font-size: 12px; }
          .chart text { font-size: 14px; } .chart .name { font-size: 15px; }
          .panel { padding: 12px; }
        }
        @media print {
          body { background: #fff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          .card, .panel { border-color: #bbb; break-inside: avoid; }
          .cards { grid-template-columns: repeat(4, 1fr); }
          .scroll { overflow: visible; }
          a { color: inherit; text-decoration: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
