import Foundation

/// Keeps every response body exactly as it came, before anything reads it, so a council can
/// rebuild its log from its own raw data (`civicpulse ingest` reads these files back).
///
/// Layout: `<root>/<platform>/<account>/<YYYY-MM-DD>/<UTC time>-<endpoint>-<n>.json`, the time in
/// the name as `FetchTime` reads it. Residents' messages are in these files: folders 0700, files 0600.
public struct ResponseArchive: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Writes `body` and returns the file's path; the file is flushed to disk before it returns.
    ///
    /// - Parameter page: the page's number in its walk, from 1.
    public func store(_ body: Data, platform: String, account: String, endpoint: String, page: Int, at time: Date) throws -> String {
        let stamp = Self.stamp(time)
        let folder = root.appendingPathComponent(platform).appendingPathComponent(account).appendingPathComponent(String(stamp.prefix(10)))
        try makeFolders(folder)
        var suffix = 0
        while true {
            let name = "\(stamp)-\(endpoint)-\(page)\(suffix == 0 ? "" : "-\(suffix)").json"
            let path = folder.appendingPathComponent(name).path
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0, errno == EEXIST {
                suffix += 1 // the same page fetched again within the second: keep both
                continue
            }
            guard descriptor >= 0 else { throw FetchError.archive("\(path): cannot write the archive (\(String(cString: strerror(errno))))") }
            defer { close(descriptor) }
            let written = body.withUnsafeBytes { raw in raw.isEmpty ? 0 : write(descriptor, raw.baseAddress, raw.count) }
            guard written == body.count, fsync(descriptor) == 0 else {
                throw FetchError.archive("\(path): cannot write the archive (\(String(cString: strerror(errno))))")
            }
            return path
        }
    }

    /// Flushes `folder` to disk: a new file's name is durable only once its folder is, so a
    /// file flushed alone could lose its name in a power cut. Serve flushes each folder once for
    /// a group of files written into it.
    public func flushFolder(_ folder: String) throws {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FetchError.archive("\(folder): cannot flush the archive folder (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw FetchError.archive("\(folder): cannot flush the archive folder (\(String(cString: strerror(errno))))")
        }
    }

    /// Replaces the archived file at `path` with `body`, whole or not at all: the new bytes go to
    /// a hidden file in the same folder (0600, which ingest's folder walk passes over), flushed,
    /// renamed over the old one, and the folder flushed, so a crash leaves either the old file or
    /// the new one, never half of each and never a second copy (docs/privacy.md, "Archives").
    public func replace(_ path: String, with body: Data) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).erasing").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FetchError.archive("\(path): cannot rewrite the archived file (\(String(cString: strerror(errno))))") }
        let written = body.withUnsafeBytes { raw in raw.isEmpty ? 0 : write(descriptor, raw.baseAddress, raw.count) }
        let flushed = written == body.count && fsync(descriptor) == 0
        let failure = String(cString: strerror(errno))
        close(descriptor)
        guard flushed, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw FetchError.archive("\(path): cannot rewrite the archived file (\(flushed ? String(cString: strerror(errno)) : failure))")
        }
        try flushFolder(folder)
    }

    /// `2026-11-17T09-30-05Z`: sortable, no colons, and a time `FetchTime` reads from the name.
    static func stamp(_ time: Date) -> String {
        PlatformClock.iso(time).replacingOccurrences(of: ":", with: "-")
    }

    /// Creates each missing folder from the root down with mode 0700.
    private func makeFolders(_ folder: URL) throws {
        var missing: [URL] = []
        var current = folder
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for url in missing.reversed() where mkdir(url.path, 0o700) != 0 && errno != EEXIST {
            throw FetchError.archive("\(url.path): cannot create the archive folder (\(String(cString: strerror(errno))))")
        }
    }
}
