import CivicPulseStore

/// A database a command cannot use as it stands, said with what to run: commands other than
/// `ingest`, `fetch`, `serve` and `db migrate` never create or change the schema
/// (``DatabaseOptions/connectToSchema()``).
struct SchemaNotReady: Error, CustomStringConvertible {
    let description: String

    static func absent(_ target: String) -> SchemaNotReady {
        SchemaNotReady(description: "the database \(target) holds no CivicPulse data: `civicpulse ingest FILE` "
            + "or `civicpulse db migrate` creates its schema there, or name another with --database")
    }

    static func behind(_ pending: [String]) -> SchemaNotReady {
        let what = pending.isEmpty ? "its views and functions are older" : "\(pending.count) migration\(pending.count == 1 ? "" : "s") pending: \(pending.joined(separator: ", "))"
        return SchemaNotReady(description: "the database's CivicPulse schema is behind this civicpulse (\(what)): "
            + "run `civicpulse db migrate` as the schema's owner")
    }

    static func ahead(_ newer: [String]) -> SchemaNotReady {
        SchemaNotReady(description: MigrationError.newer(newer).description)
    }

    static func edited(_ name: String) -> SchemaNotReady {
        SchemaNotReady(description: "migration \(name).sql was edited after it was applied to this database: restore it and put the change in a new migration")
    }
}
