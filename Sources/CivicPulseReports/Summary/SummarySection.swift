import Foundation

/// The summary as sections of paragraphs, tables and linked items: what the text and Markdown
/// forms both lay out (the HTML form adds charts around the same wording).
struct SummarySection {
    enum Block {
        case paragraph(String)
        case table(headers: [String], rows: [[String]], leftAligned: Set<Int>)
        case items([(text: String, link: String?)])
    }

    var title: String
    var blocks: [Block]
}

extension WeeklySummary {
    /// What the headline figures mean, said once under them.
    func headlineNote(sparklines: Bool) -> String {
        "Questions: residents' messages and comments awaiting an answer. Median: wall-clock time to the first answer. "
            + "Reach: the platforms' own weekly figure, services added up. Engaged residents: distinct people, estimate ±2.3%. "
            + "Trend: \(trend.first?.week ?? "") to \(trend.last?.week ?? "")"
            + (sparklines ? ", one mark a week, lowest ▁ to highest █; · is a week with no figure." : ".")
    }

    func videoViews(_ video: YouTubeOutline.Video) -> String {
        guard let views = video.views, let read = video.viewsReadAt else { return "" }
        return ", \(Formatting.count(views)) views (read \(String(Formatting.local(read, in: zone).prefix(10))))"
    }

    var sections: [SummarySection] {
        guard hasData else { return [SummarySection(title: "Headlines", blocks: [.paragraph(emptyWeekLine)])] }
        var out: [SummarySection] = []
        out.append(SummarySection(title: "Headlines", blocks: [
            .table(headers: ["Figure", "This week", "Change", "8 weeks"],
                   rows: figures.map { [$0.label, $0.value, $0.change, $0.trend.isEmpty ? "" : Sparkline.render($0.trend)] },
                   leftAligned: [0, 3]),
            .paragraph(headlineNote(sparklines: true)),
        ]))
        out.append(SummarySection(title: "Services", blocks: services.services.isEmpty
            ? [.paragraph("No service received messages from residents this week.")]
            : [.table(headers: Self.serviceHeaders, rows: services.services.map(serviceRow), leftAligned: [0, 5]), .paragraph(serviceNote)]))
        var sla: [SummarySection.Block] = [.paragraph("\(Formatting.count(self.sla.breached)) breached (answered late, or still open past the deadline); "
            + "\(Formatting.count(self.sla.open)) still unanswered.")]
        if !self.sla.breaches.isEmpty {
            sla.append(.paragraph("Breaches, urgent first, then oldest\(self.sla.breached > self.sla.breaches.count ? " (first \(self.sla.breaches.count); civicpulse sla lists all)" : ""):"))
            sla.append(.items(self.sla.breaches.map { (itemLine($0), $0.url) }))
        }
        if !self.sla.oldestOpen.isEmpty {
            sla.append(.paragraph("Waiting longest for an answer:"))
            sla.append(.items(self.sla.oldestOpen.map { (itemLine($0), $0.url) }))
        }
        out.append(SummarySection(title: "SLA breaches and backlog", blocks: sla))
        var listen: [SummarySection.Block] = listening.topics.isEmpty
            ? [.paragraph("No messages on a listening topic this week.")]
            : [.table(headers: ["Topic", "Messages", "Last week"],
                      rows: listening.topics.map { [$0.topic, Formatting.count($0.messages), Formatting.count($0.previous)] }, leftAligned: [0])]
        if let line = busiestHourLine { listen.append(.paragraph(line)) }
        if listening.detectedSpikes.isEmpty {
            listen.append(.paragraph(listening.spikeMethod))
        } else {
            listen.append(.paragraph(spikesLine))
        }
        out.append(SummarySection(title: "Listening", blocks: listen))
        var tube: [SummarySection.Block] = [.paragraph(youTubeLine)]
        if !youtube.mostDiscussed.isEmpty {
            tube.append(.paragraph("Most discussed videos:"))
            tube.append(.items(youtube.mostDiscussed.map {
                (($0.title ?? "Video \($0.videoID)") + " — \(Formatting.count($0.comments)) comments" + videoViews($0), $0.url)
            }))
        }
        out.append(SummarySection(title: "YouTube", blocks: tube))
        out.append(SummarySection(title: "Reach and engagement by service", blocks: reachRows.isEmpty
            ? [.paragraph("No reach figures this week.")]
            : [.table(headers: Self.reachHeaders, rows: reachRows, leftAligned: [0])]))
        return out
    }
}
