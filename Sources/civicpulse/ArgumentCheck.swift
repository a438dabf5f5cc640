import ArgumentParser
import CivicPulseCore
import CivicPulseReports
import Foundation
import Postgres

/// Every command's durations, times, days, weeks, counts, paths and addresses are checked here,
/// against ranges they can be used in, before a value reaches Foundation or PostgreSQL. A
/// refusal names the argument and its value, and is a `ValidationError`, from `validate()` or,
/// for what needs the pipeline or the database, from `run()`: one line and exit status 64
/// either way (see `CivicPulse.main`).
enum ArgumentCheck {
    /// The most rows a list may be asked for: more than anyone reads, and far from overflowing
    /// the arithmetic done on it.
    static let mostRows = 1_000_000

    static func time(_ text: String, _ name: String, in zone: TimeZone) throws -> Date {
        try checked(name, text) { try ReportTime.parse(text, in: zone) }
    }

    static func duration(_ text: String, _ name: String) throws -> TimeInterval {
        try checked(name, text) { try ReportTime.duration(text) }
    }

    static func day(_ date: CivilDate?, _ name: String) throws {
        guard let date else { return }
        try checked(name, date.description) { try ReportTime.check(day: date) }
    }

    static func week(_ text: String, _ name: String) throws -> ISOWeek {
        try checked(name, text) { try ISOWeek.parse(text) }
    }

    static func mailAddress(_ text: String, _ name: String) throws {
        _ = try checked(name, text) { try MailAddress(text) }
    }

    /// Refuses a `--service` the pipeline does not name, listing the ones it does.
    ///
    /// - Parameter everyCouncil: `--org all` is given, so the service must be every council's:
    ///   the refusal names the council that lacks it and the ways on, since reporting the others
    ///   alone would read as that council having nothing in the service (docs/benchmarking.md).
    static func service(_ id: String?, in config: PipelineConfig, everyCouncil: Bool = false) throws {
        guard let id, config.service(id) == nil else { return }
        let services = config.services.map(\.id).joined(separator: ", ")
        guard everyCouncil else {
            throw ValidationError("--service \(shown(id)) is not a service of the pipeline (services: \(services))")
        }
        throw ValidationError("""
            --service \(shown(id)) is not a service of council \(shown(config.org)) (services: \(services)): with --org all every council \
            must have it; leave --service out, or choose a council with --org ORG
            """)
    }

    /// The known channel `name` names, in any case (`Twitter` is `twitter`), or a refusal that
    /// lists them: an unknown one would only read as a channel with no messages.
    ///
    /// - Parameter recorded: the channels the projections hold, read only when the pipeline
    ///   does not name `name`.
    static func channel(_ name: String?, configured: [String], recorded: () throws -> [String]) throws -> String? {
        guard let name else { return nil }
        if let known = configured.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return known }
        let all = Set(configured + (try recorded())).sorted()
        if let known = all.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return known }
        throw ValidationError("--channel \(shown(name)) is not a channel of the pipeline or the log (channels: \(all.joined(separator: ", ")))")
    }

    /// The response items a report or export reads, `channel` checked and spelled as it is known
    /// (`channel(_:configured:recorded:)`). `service` is checked by the caller before it connects.
    static func responseFilter(service: String?, channel: String?, period: ReportPeriod, config: PipelineConfig,
                               on connection: Connection) throws -> ResponseFilter {
        let known = try self.channel(channel, configured: KnownChannels.configured(in: config)) {
            try KnownChannels.recorded(org: config.org, on: connection)
        }
        return ResponseFilter(org: config.org, period: period, service: service, channel: known)
    }

    static func count(_ value: Int, _ name: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name) must be from \(range.lowerBound) to \(range.upperBound) (got \(value))")
        }
    }

    /// Refuses an empty path: it names nothing, yet Foundation reads it as the current folder
    /// and a read of it fails with no name to show (": not read").
    static func path(_ value: String, _ name: String) throws {
        guard value.isEmpty else { return }
        throw ValidationError("\(name) is empty: name a file or folder")
    }

    /// Refuses a folder that cannot be made or written into: one of its parents is a file, or
    /// the nearest one that exists is not writable.
    static func outputFolder(_ path: String, _ name: String) throws {
        try self.path(path, name)
        var folder = URL(fileURLWithPath: path)
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        try writableFolder(folder, for: path, name)
    }

    /// Makes the folder `path` and its parents, a failure (a parent that is a file, a folder
    /// where nothing may be made, such as under /proc) being one line that names the argument.
    static func makeFolder(_ path: String, _ name: String) throws {
        try self.path(path, name)
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path), withIntermediateDirectories: true)
        } catch {
            throw ValidationError("\(name) \(shown(path)): the folder cannot be made: \(reason(error))")
        }
    }

    /// 'value', or the value spelled as a Swift literal (`"a\r\nb"`) when it holds line
    /// breaks or control characters, so that a message stays one line and shows them.
    static func shown(_ value: String) -> String {
        value.contains(where: \.breaksLine) ? String(reflecting: value) : "'\(value)'"
    }

    private static func checked<T>(_ name: String, _ value: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let problem as ArgumentProblem {
            throw ValidationError("\(name) \(shown(value)) \(problem)")
        }
    }

    static func writableFolder(_ folder: URL, for path: String, _ name: String) throws {
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw ValidationError("\(name) \(shown(path)): the folder \(folder.path) does not exist")
        }
        guard isFolder(folder) else { throw ValidationError("\(name) \(shown(path)): \(folder.path) is a file, not a folder") }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw ValidationError("\(name) \(shown(path)): the folder \(folder.path) is not writable")
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }

    /// The operating system's words for a failed write (`Permission denied`), without the
    /// error domain and codes around them.
    private static func reason(_ error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        return (error as NSError).localizedDescription
    }
}
