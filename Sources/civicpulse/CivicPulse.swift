import ArgumentParser

@main
struct CivicPulse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civicpulse",
        abstract: "Engagement analytics for councils on social media, from an event log in PostgreSQL.",
        discussion: """
            With no database configured (no --database, DATABASE_URL or PG* variables), civicpulse \
            starts and uses its own PostgreSQL cluster under .civicpulse/pg.
            """,
        subcommands: [Database.self, Ingest.self, Inspect.self, QuarantineList.self, Process.self, Dashboard.self, SLA.self, Reach.self,
                      Summary.self, Alerts.self, Incident.self, Simulate.self]
    )
}
