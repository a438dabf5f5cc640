import ArgumentParser
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct ExportItems: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "items",
            abstract: "One row per response item opened in the period: times, target, deadline, status, resolution, link.",
            discussion: """
                Counts and medians computed from the rows are those of `sla` for the same period and \
                --as-of. The rows carry each item's link: they are for the performance team, not analysts.
                """
        )

        @OptionGroup var export: ExportOptions

        func run() throws {
            try export.write(try export.load { filter, config, connection in
                try ExportedItem.load(filter, config: config, on: connection)
            }, noun: "items")
        }
    }
}
