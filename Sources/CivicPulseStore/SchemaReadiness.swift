/// How a database's CivicPulse schema stands against this build's migrations and views
/// (``Migrator/readiness(on:)``).
public enum SchemaReadiness: Equatable, Sendable {
    /// Every migration applied unchanged, every view and function installed as built.
    case ready
    /// No migration was ever applied: not a CivicPulse database, or one never ingested into.
    case absent
    /// Migrations of this build not yet applied (`pending`, by name; empty when only views or
    /// functions changed): `civicpulse db migrate` brings it up to date.
    case behind(pending: [String])
    /// An applied migration whose file has changed since, which `db migrate` refuses too.
    case edited(String)
    /// Migrations applied by a newer build (`newer`, by name): this build must not use the
    /// schema nor migrate it; only a build at least as new may.
    case ahead(newer: [String])
}
