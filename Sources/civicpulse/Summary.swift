import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation

enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, html, json
}

extension CivicPulse {
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "The weekly summary for executives: headlines with week-on-week change, services, breaches, listening, YouTube.",
            discussion: """
                The figures are those of dashboard, sla and reach for the same ISO week (default: the last \
                complete one before --as-of, or before today). --mail-to writes an e-mail (text and HTML) for `sendmail -t` instead of the \
                summary alone. See docs/summary.md.
                """
        )

        @Option(help: ArgumentHelp("An ISO week, e.g. 2026-W47 (default: the last complete week before --as-of, or today).", valueName: "yyyy-Www")) var week: String?
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The instant open items are aged at (ISO 8601, or local yyyy-mm-ddThh:mm; default: the week's end, or now).", valueName: "time"))
        var asOf: String?
        @Option(help: "text (80 columns), markdown, html (one self-contained page) or json (every number).") var format: SummaryFormat = .text
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var out: String?
        @Flag(help: "Replace the --out file if it exists.") var force = false
        @Option(name: .customLong("mail-to"), help: ArgumentHelp("Write an e-mail to this address (multipart text + HTML).", valueName: "address"))
        var mailTo: String?
        @Option(name: .customLong("mail-from"), help: ArgumentHelp("The e-mail's sender.", valueName: "address")) var mailFrom = "civicpulse@localhost"
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func validate() throws {
            if let week { _ = try ArgumentCheck.week(week, "--week") }
            if let out { try OutputFile.check(out, "--out", replacing: force) }
            if let mailTo { try ArgumentCheck.mailAddress(mailTo, "--mail-to") }
            try ArgumentCheck.mailAddress(mailFrom, "--mail-from")
            if councils.all, mailTo != nil || format == .markdown || format == .html {
                throw ValidationError("--org all writes text or json; a council's markdown, html or e-mail comes with --org ORG")
            }
        }

        func run() throws {
            let target = db.target
            let json = format == .json && mailTo == nil
            let output = try councils.render(
                json: json,
                period: { config in
                    let instant = try asOf.map { try ArgumentCheck.time($0, "--as-of", in: config.timeZone) }
                    let chosen = try week.map { try ArgumentCheck.week($0, "--week") } ?? ISOWeek.lastComplete(before: instant, in: config.timeZone)
                    let period = ReportPeriod(from: chosen.monday, to: chosen.sunday, timeZone: config.timeZone, asOf: instant)
                    try period.refuseEarlyAsOf(given: instant != nil)
                    return period
                },
                connect: { try db.connectToSchema() },
                load: { config, period, connection in
                    try WeeklySummary.load(week: ISOWeek(containing: period.from), asOf: period.asOf,
                                           config: config, on: connection, sideConnection: { try target.connect() })
                },
                text: { summary in
                    if let mailTo { return try summary.mail(from: mailFrom, to: mailTo).render() }
                    switch format {
                    case .text, .json: return summary.text()
                    case .markdown: return summary.markdown()
                    case .html: return summary.html()
                    }
                },
                json: { try $0.json() }
            ) + (json || councils.all ? "\n" : "")
            try OutputFile.write(output, to: out, "--out", replacing: force, personal: false, saying: mailTo == nil ? "the summary" : "the summary's e-mail", quiet: db.quiet)
        }
    }
}
