import ArgumentParser
import CivicPulseCore
import CivicPulseFetch
import CivicPulseIngest
import Foundation

/// Where fetch and serve archive what they receive, and where forget and reapply look for a
/// resident in it and retention for messages past it: one option, so the five commands cannot
/// disagree on the folder.
struct ArchiveOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Archive folder. Default: the pipeline's fetch: archive:, else <home>/archive.", valueName: "dir"))
    var archive: String?

    func validate() throws {
        if let archive { try ArgumentCheck.path(archive, "--archive") }
    }

    /// The folder: `--archive`, else the pipeline's `fetch: archive:` (when there is a pipeline:
    /// `privacy reapply` mends the database without one), else `<home>/archive`.
    func root(_ config: PipelineConfig?, home: URL) -> String {
        archive ?? config?.fetch.archive ?? home.appendingPathComponent("archive").path
    }

    /// The folder, when it exists: for the commands that rewrite its files, which have nothing
    /// to do where nothing was ever archived.
    func existingRoot(_ config: PipelineConfig?, home: URL) -> String? {
        let root = root(config, home: home)
        return FileManager.default.fileExists(atPath: root) ? root : nil
    }

    /// What takes a forgotten resident out of the archive, reading its files as ingest would
    /// with `config` and the actor key; files it must leave as they were are named on stderr.
    func erasure(_ config: PipelineConfig, home: URL, key: Data) -> ArchiveErasure {
        ArchiveErasure(archive: ResponseArchive(root: URL(fileURLWithPath: root(config, home: home))),
                       reader: PayloadReader(config: config, hasher: ActorHasher(secret: key)),
                       notice: { printError("archive: \($0)") })
    }
}
