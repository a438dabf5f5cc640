import ArgumentParser

extension CivicPulse {
    struct Resident: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resident",
            abstract: "One resident's data: what is held about them (subject access).",
            discussion: "See docs/privacy.md, \"Lawful basis and requests\".",
            subcommands: [ResidentExport.self]
        )
    }
}
