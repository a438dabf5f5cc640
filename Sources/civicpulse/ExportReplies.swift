import ArgumentParser
import CivicPulseReadModel
import CivicPulseReports
import Foundation

extension CivicPulse {
    struct ExportReplies: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replies",
            abstract: "One row per resident message answered, of the items opened in the period: its reply time on both clocks.",
            discussion: """
                Every reply, not only each item's first (docs/response-matching.md, rule 7). The count, \
                mean, median and p90 computed from the rows are those of `sla`'s "Every reply" for the \
                same period and --as-of. No links: item_id finds the item's row in `export items`.
                """
        )

        @OptionGroup var export: ExportOptions

        func run() throws {
            try export.write(try export.load { filter, config, connection in
                try ReplyRow.load(filter.scope, outOfHoursAnswer: config.outOfHoursAnswer, on: connection)
            }, noun: "replies")
        }
    }
}
