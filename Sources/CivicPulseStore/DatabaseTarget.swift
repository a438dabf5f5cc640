import Foundation
import Postgres

/// Which database a command talks to, chosen the way users of PostgreSQL tools expect.
///
/// 1. `--database` (a URL or conninfo), else `DATABASE_URL`;
/// 2. else any of the `PG*` variables (`PGHOST`, `PGDATABASE`, `PGSERVICE`, …), which libpq reads
///    itself along with `.pgpass` and service files;
/// 3. else the embedded default: a local cluster under `.civicpulse/pg` that the tool starts
///    (kept in the postgres user's home when we are root and that user cannot enter the folder).
public enum DatabaseTarget: Sendable, Equatable {
    case conninfo(String)
    case environment
    case embedded(directory: URL)

    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGSERVICEFILE", "PGPASSWORD"]

    public static func resolve(option: String?, environment: [String: String], home: URL) -> DatabaseTarget {
        if let option, !option.isEmpty { return .conninfo(option) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .conninfo(url) }
        if libpqVariables.contains(where: { environment[$0] != nil }) { return .environment }
        return .embedded(directory: home.appendingPathComponent("pg"))
    }

    /// Connects, starting the embedded cluster first when that is the target.
    ///
    /// Only a command that adds data creates the embedded cluster (`creatingEmbedded`): a report
    /// run in another folder would otherwise create an empty one there and say there was nothing
    /// to report, as if the council had had a quiet week.
    ///
    /// JIT compilation is turned off for the session: every statement CivicPulse sends is either
    /// short or a stream the server spends its time writing, and the planner's estimate for a
    /// report over several weeks crosses `jit_above_cost`, so compiling took 15–40 ms of a
    /// `summary` that runs its queries in a few milliseconds each.
    public func connect(creatingEmbedded: Bool = false) throws -> Connection {
        let connection = switch self {
        case .conninfo(let conninfo): try Connection(conninfo)
        case .environment: try Connection("")
        case .embedded(let directory):
            try {
                let cluster = LocalCluster(directory: directory)
                guard creatingEmbedded || cluster.isCreated else {
                    throw LocalCluster.Failure(message: """
                        no CivicPulse database in \(directory.path): `civicpulse ingest` creates one there, \
                        or name one with --database, DATABASE_URL or PG* variables (--home or CIVICPULSE_HOME for another folder)
                        """)
                }
                try cluster.start()
                return try Connection(cluster.conninfo)
            }()
        }
        try connection.execute("SET jit = off")
        return connection
    }

    /// One line for the user: which database this is.
    public func describe(_ connection: Connection) -> String {
        switch self {
        case .embedded(let directory):
            switch LocalCluster(directory: directory).home {
            case directory: "using the embedded PostgreSQL in \(directory.path) (\(connection.target))"
            case let kept: "using the embedded PostgreSQL of \(directory.path), kept in \(kept.path) where the postgres user can reach it (\(connection.target))"
            }
        case .environment: "using PostgreSQL from the PG* environment (\(connection.target))"
        case .conninfo: "using PostgreSQL at \(connection.target)"
        }
    }
}
