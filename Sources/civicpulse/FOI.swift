import ArgumentParser
import CivicPulseReports
import Foundation

enum FOIFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
}

extension CivicPulse {
    struct FOI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "foi",
            abstract: "What FOI requests ask about social-media customer service, for one period: volume, first response, resolution, open items, hours.",
            discussion: """
                Each figure is defined in docs/calendars-and-sla.md, "The FOI report"; they are those of `export items` \
                and `sla` for the same period. With several councils' pipelines, --org all gives each council's page \
                one after the other (docs/benchmarking.md).
                """
        )

        @Option(help: "text, markdown (to paste into a reply) or json.") var format: FOIFormat = .text
        @OptionGroup var dates: PeriodOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var councils: CouncilOptions

        func run() throws {
            let configs = try councils.load()
            let filters = try configs.map { ResponseFilter(org: $0.org, period: try dates.period(in: $0.timeZone)) }
            let connection = try db.connectToSchema()
            let reports = try zip(configs, filters).map { config, filter in (org: config.org, report: try FOIReport.load(filter, config: config, on: connection)) }
            guard councils.all else {
                let report = reports[0].report
                switch format {
                case .text: try StandardOutput.line(report.text())
                case .markdown: try StandardOutput.write(report.markdown())
                case .json: try StandardOutput.line(try report.json())
                }
                return
            }
            let pages = CouncilPages(councils: reports)
            switch format {
            case .text: try StandardOutput.line(pages.text { $0.text() })
            case .markdown: try StandardOutput.write(reports.map { $0.report.markdown() }.joined(separator: "\n"))
            case .json: try StandardOutput.line(try pages.json())
            }
        }
    }
}
