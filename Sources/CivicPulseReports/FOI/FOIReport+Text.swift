import CivicPulseCore
import Foundation

extension FOIReport {
    public func json() throws -> String {
        try reportJSON(self)
    }

    /// Plain text, a figure a line, to paste into a reply.
    public func text() -> String {
        var out = [header.text(), ""]
        out += answers.map { TerminalText.safe("\($0.question): \($0.answer)") }
        out.append("Service hours:")
        out += hours.map { TerminalText.safe("  \($0)") }
        return out.joined(separator: "\n")
    }

    /// The same as Markdown: the figures as a list, every name from the pipeline escaped.
    public func markdown() -> String {
        let zone = TimeZone(identifier: header.timeZone) ?? .gmt
        var out = ["# \(Markdown.escape(header.orgName)) — \(Markdown.escape(header.report))", "",
                   "\(header.from) to \(header.to) (\(Markdown.escape(header.timeZone))), as of \(Formatting.local(header.asOf, in: zone))", ""]
        out += header.dataNotes.flatMap { [Markdown.escapeKeepingCode($0), ""] }
        out += answers.map { "- **\(Markdown.escape($0.question))**: \(Markdown.escape($0.answer))" }
        out.append("- **Service hours**:")
        out += hours.map { "  - \(Markdown.escape($0))" }
        return out.joined(separator: "\n") + "\n"
    }

    /// Each service's hours, a line each: `Libraries: mon-fri 09:00-18:00; sat 09:00-13:00, closed on bank holidays`.
    private var hours: [String] {
        serviceHours.map { "\($0.name): \($0.hours)" + ($0.bankHolidays == nil ? "" : ", closed on bank holidays") }
    }

    /// The questions FOI requests ask, each with its answer for the period; none when the
    /// period was not recorded (the header says so).
    private var answers: [(question: String, answer: String)] {
        guard let figures else { return [] }
        guard figures.items > 0 else { return [("Enquiries received", "none")] }
        let channels = figures.channels.map { "\($0.channel) \(Formatting.count($0.items))" }.joined(separator: ", ")
        let quiet = ResolutionFigures.quietPeriod(quietPeriodSeconds)
        return [
            ("Enquiries received", "\(Formatting.count(figures.items)) (\(channels))"),
            ("Answered", "\(Formatting.count(figures.answered)) (\(Formatting.percent(figures.answered, of: figures.items)))"),
            ("First response", "mean \(Formatting.duration(figures.meanFirstResponseSeconds)), median \(Formatting.duration(figures.medianFirstResponseSeconds)); "
                + "median \(Formatting.duration(figures.medianFirstResponseBusinessSeconds)) counting only opening hours"
                + (outOfHoursAnswer == .elapsed ? " (an answer given before the service opened counts its elapsed time)" : "")),
            ("Resolution time", "mean \(Formatting.duration(figures.meanResolutionSeconds)), median \(Formatting.duration(figures.medianResolutionSeconds)) "
                + "(resolved: the resident did not write again within \(quiet) of the council's last reply)"),
            ("Resolved by the end of the period", Formatting.count(figures.resolved)),
            ("Still open at the end of the period", "\(Formatting.count(figures.stillOpen)) (\(Formatting.count(figures.unanswered)) not answered)"),
            ("Resolved at first contact", "\(Formatting.count(figures.resolvedAtFirstContact)) of \(Formatting.count(figures.resolved)) resolved "
                + "(\(Formatting.percent(figures.resolvedAtFirstContact, of: figures.resolved)))"),
            ("Longest wait for a first response", Formatting.duration(figures.longestWaitSeconds)
                + (figures.longestWaitUnanswered ? " (still not answered at the end of the period)" : "")),
        ]
    }
}
