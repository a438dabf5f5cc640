import Postgres

/// A command the database refused for a privilege its role lacks (SQLSTATE 42501), said as what
/// to do about it. PostgreSQL's own words ("permission denied for table message_keys") name a
/// table, not the command that needed it nor where the roles are described, so an analyst who
/// runs `resident export` learns neither that it is the privacy officer's command nor whom to ask.
struct PrivilegeRefusal: CustomStringConvertible {
    static let sqlState = "42501"

    /// The command as typed, subcommands included (`resident export`).
    let command: [String]
    let refused: PostgresError

    var description: String {
        let what = refused.message.split(whereSeparator: \.isNewline).first.map(String.init) ?? "permission denied"
        return "the database role in use may not do what `civicpulse \(command.joined(separator: " "))` needs (\(what)): "
            + "run it as a login role granted the role docs/security.md (\"Database roles\") names for it"
    }
}
