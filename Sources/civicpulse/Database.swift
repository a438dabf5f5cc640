import ArgumentParser
import CivicPulseStore
import Foundation

extension CivicPulse {
    struct Database: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Apply migrations, show their state, and run a local PostgreSQL.",
            subcommands: [Migrate.self, Status.self, Local.self]
        )
    }
}

extension CivicPulse.Database {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending migrations from sql/migrations, each in its own transaction.")
        @OptionGroup var db: DatabaseOptions

        func run() throws {
            let connection = try db.connect(creating: true)
            let applied = try Migrator.bundled().migrate(on: connection)
            try StandardOutput.line(applied.isEmpty ? "schema is up to date" : "applied: \(applied.joined(separator: ", "))")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "List migrations: applied, pending, or edited after being applied; then what is past retention.",
            discussion: "The last lines say how many residents' messages are past the pipeline's retention.message_text and still readable, and how many whole months of the log are past retention.events and due to be dropped (docs/privacy.md)."
        )
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let connection = try db.connect()
            var problems = false
            var pending = false
            for (_, name, state) in try Migrator.bundled().status(on: connection) {
                switch state {
                case .applied(let at): try StandardOutput.line("applied  \(name)  \(at.formatted(.iso8601))")
                case .pending: try StandardOutput.line("pending  \(name)"); pending = true
                case .edited: try StandardOutput.line("EDITED   \(name)  (changed after it was applied)"); problems = true
                case .missingFile: try StandardOutput.line("MISSING  \(name)  (applied, but the file is gone)"); problems = true
                case .newer: try StandardOutput.line("NEWER    \(name)  (applied by a newer civicpulse: upgrade this one)"); problems = true
                }
            }
            if problems { throw ExitCode(2) }
            // Retention reads the privacy tables, which a database not yet migrated may lack.
            if pending {
                try StandardOutput.line("retention: not known until the database is migrated (civicpulse db migrate)")
            } else if !pipeline.isNamed, !FileManager.default.fileExists(atPath: pipeline.path) {
                try StandardOutput.line("retention: no pipeline here to read it from (name one with --pipeline FILE or CIVICPULSE_PIPELINE)")
            } else {
                for line in try RetentionLine.status(try pipeline.load(), pipeline: pipeline.path, on: connection) { try StandardOutput.line(line) }
            }
        }
    }

    struct Local: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "local",
            abstract: "Start, stop or delete a PostgreSQL cluster in a folder (the embedded default, or a throwaway one for tests).",
            discussion: """
                start prints shell exports (PGHOST, PGPORT, PGUSER, PGDATABASE) for the cluster; a PGDATABASE you have set is kept. \
                stop says what it stopped. status exits 0 when the cluster is running and 3 when it is not (stopped, or none in the folder), as pg_ctl status does. \
                delete stops the cluster and deletes its files. Run as root, the server runs as the postgres user; when that user \
                cannot enter the folder, the cluster is kept in its home instead, where these commands find it.
                """
        )
        enum Action: String, ExpressibleByArgument, CaseIterable { case start, stop, status, delete }
        static let defaultDir = ".civicpulse/pg"

        @Argument(help: "start, stop, status or delete") var action: Action
        @Option(help: ArgumentHelp("The cluster's folder.", valueName: "dir")) var dir: String = Self.defaultDir
        @Option(help: "Port number in the socket's name (no TCP port is opened).") var port: Int = 5432

        func validate() throws {
            try ArgumentCheck.path(dir, "--dir")
            try ArgumentCheck.count(port, "--port", in: 1...65535)
        }

        func run() throws {
            let cluster = LocalCluster(directory: URL(fileURLWithPath: dir), port: port)
            if let reason = LocalCluster.unusableFolderReason(cluster.directory) { throw ValidationError("--dir: \(reason)") }
            switch action {
            case .start:
                try ArgumentCheck.makeFolder(dir, "--dir")
                try cluster.start()
                if cluster.home != cluster.directory {
                    printError("the postgres user cannot enter \(cluster.directory.path): the cluster is kept in \(cluster.home.path)")
                }
                if let chosen = ProcessInfo.processInfo.environment["PGDATABASE"], !chosen.isEmpty, chosen != cluster.database {
                    printError("keeping PGDATABASE=\(chosen) (unset it to use \(cluster.database))")
                }
                try StandardOutput.line(cluster.shellExports)
            case .stop:
                guard cluster.isCreated else {
                    try StandardOutput.line(noCluster(cluster))
                    return
                }
                let wasRunning = cluster.isRunning
                try cluster.stop()
                try StandardOutput.line(wasRunning ? "stopped the cluster in \(cluster.directory.path)" : "not running: \(cluster.directory.path)")
            case .status:
                guard cluster.isCreated else {
                    try StandardOutput.line(noCluster(cluster))
                    throw ExitCode(3)
                }
                try StandardOutput.line(cluster.isRunning ? "running: \(cluster.conninfo)" : "stopped")
                if !cluster.isRunning { throw ExitCode(3) }
            case .delete:
                let existed = cluster.isCreated, home = cluster.home
                try cluster.delete()
                try StandardOutput.line(existed ? "deleted the cluster in \(home.path)" : "no cluster in \(cluster.directory.path)")
            }
        }

        /// Said of a folder with no cluster (never made, or deleted): "stopped" read as if there
        /// were one to start, and said nothing of how to make one.
        private func noCluster(_ cluster: LocalCluster) -> String {
            "no cluster in \(cluster.directory.path): `civicpulse db local start\(dir == Self.defaultDir ? "" : " --dir \(ArgumentCheck.shown(dir))")` creates one"
        }
    }
}
