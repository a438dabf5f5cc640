import ArgumentParser

extension CivicPulse {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Rows for performance teams: every response item, or every reply, of a period, as CSV or JSON Lines.",
            discussion: "See docs/calendars-and-sla.md, \"Exports\".",
            subcommands: [ExportItems.self, ExportReplies.self]
        )
    }
}
