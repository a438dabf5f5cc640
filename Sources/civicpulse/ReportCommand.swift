import ArgumentParser

extension CivicPulse {
    /// Reports answering one request each, under one name so that more can join (`report foi`).
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "One-page answers to requests councils receive: foi.",
            subcommands: [FOI.self]
        )
    }
}
