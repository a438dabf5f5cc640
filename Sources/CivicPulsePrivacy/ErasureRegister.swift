import Foundation
import Postgres

/// The erasure register: `privacy.erasures` in the database (when, scope, counts: no personal
/// data) and a file of ``ErasureEntry`` lines beside the actor key, outside the database, so that
/// a restore from a backup taken before an erasure can apply it again (docs/privacy.md).
public struct ErasureRegister: Sendable {
    public let file: URL

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `erasures.jsonl` in `home`, the folder of the actor key.
    public init(home: URL) {
        file = home.appendingPathComponent("erasures.jsonl")
    }

    /// Appends `entry` to the file and flushes it to disk, before the erasure commits: an entry
    /// whose transaction then fails is applied by the next `privacy reapply`, which is what was
    /// asked for; an erasure committed with no entry could be lost to a restore.
    func append(_ entry: ErasureEntry) throws {
        var line = try Self.encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw Failure(description: "cannot create the erasure register \(file.path)")
            }
        }
        do {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw Failure(description: "cannot append to the erasure register \(file.path): \(error.localizedDescription)")
        }
    }

    /// Every entry of the file, oldest first; none when there is no file yet.
    func entries() throws -> [ErasureEntry] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        guard let data = try? Data(contentsOf: file) else { throw Failure(description: "cannot read the erasure register \(file.path)") }
        return try data.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
            guard let entry = try? Self.decoder.decode(ErasureEntry.self, from: Data(line)) else {
                throw Failure(description: "\(file.path): line \(index + 1) is not an erasure entry")
            }
            // Applied again without a word, a damaged id would leave its message readable.
            guard entry.verdicts != nil else {
                throw Failure(description: "\(file.path): line \(index + 1) names a message that is not an event id")
            }
            return entry
        }
    }

    /// Records an erasure in `privacy.erasures`.
    static func record(_ scope: ErasureEntry.Scope, reapplied: Bool, outcome: ErasureOutcome, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO privacy.erasures (scope, reapplied, events, keys_destroyed, residents_unlinked, quarantined, archive_files)
            VALUES (\(scope.rawValue), \(reapplied), \(outcome.messages), \(outcome.messages), \(outcome.residents), \(outcome.quarantined),
                    \(outcome.archiveFiles))
            """)
    }

    /// Records a run of `retention apply` that dropped whole recorded months of the log (scope
    /// `retention_events`), even one that found none due: the register then shows that it runs.
    /// The months' times are known from the log, so there is no line in the file to apply again.
    public static func recordEventsDropped(events: Int, keysDestroyed: Int, residents: Int, quarantined: Int, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO privacy.erasures (scope, events, keys_destroyed, residents_unlinked, quarantined)
            VALUES (\(ErasureEntry.Scope.retentionEvents.rawValue), \(events), \(keysDestroyed), \(residents), \(quarantined))
            """)
    }

    /// Records a subject access export in `privacy.erasures` (scope `access`): when, and how many
    /// messages it listed. Nothing is erased, so there is no line in the file to apply again.
    public static func recordAccess(messages: Int, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO privacy.erasures (scope, events, keys_destroyed, residents_unlinked) VALUES ('access', \(messages), 0, 0)
            """)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
