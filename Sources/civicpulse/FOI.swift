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
            discussion: "Each figure is defined in docs/calendars-and-sla.md, \"The FOI report\"; they are those of `export items` and `sla` for the same period."
        )

        @Option(help: "text, markdown (to paste into a reply) or json.") var format: FOIFormat = .text
        @OptionGroup var dates: PeriodOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            let filter = ResponseFilter(org: config.org, period: try dates.period(in: config.timeZone))
            let report = try FOIReport.load(filter, config: config, on: try db.connectMigrated())
            switch format {
            case .text: print(report.text())
            case .markdown: print(report.markdown(), terminator: "")
            case .json: print(try report.json())
            }
        }
    }
}
