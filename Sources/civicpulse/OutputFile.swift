import ArgumentParser
import Foundation

/// The one way a command writes a file the user named (`--output`, `--out`): checked before any
/// work is done, written whole or not at all, and never over something unasked.
///
/// The file is written beside its destination under a temporary name, synced, and then put in
/// place in one step: renamed over the old file when replacing (`--force`), linked to the new
/// name otherwise, which fails rather than replace a file made there meanwhile. A reader never
/// sees half a file, and a full disk leaves the old one as it was.
enum OutputFile {
    /// Refuses a destination that cannot be written, before any work is done for it: an empty
    /// path; a folder missing, not a folder or not writable; anything there but a regular file
    /// (a folder, a device such as /dev/full, a fifo, a socket: renaming over it would replace
    /// the node itself); a file there unless `replacing` (`--force`), since an export written
    /// over last month's by a slip of the keys is lost.
    static func check(_ path: String, _ name: String, replacing: Bool) throws {
        try ArgumentCheck.path(path, name)
        var found = stat()
        if stat(path, &found) == 0 {
            if let kind = notARegularFile(found.st_mode) {
                throw ValidationError("\(name) \(ArgumentCheck.shown(path)) is \(kind), not a regular file: name a file to write")
            }
            if !replacing { throw exists(path, name) }
        }
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        try ArgumentCheck.writableFolder(file.deletingLastPathComponent(), for: path, name)
    }

    static func exists(_ path: String, _ name: String) -> ValidationError {
        ValidationError("\(name) \(ArgumentCheck.shown(path)) exists: add --force to replace it")
    }

    /// What a file of `mode` is, said to the user, when it is not a regular file.
    private static func notARegularFile(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a folder"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFIFO: "a fifo"
        case S_IFSOCK: "a socket"
        default: "neither a file nor a folder"
        }
    }

    /// Writes `text` to `path`, the file named by the argument `name`, saying `written` (what it
    /// holds) on standard error unless `quiet`; to standard output when no file was named.
    static func write(_ text: String, to path: String?, _ name: String, replacing: Bool, personal: Bool, saying written: String, quiet: Bool) throws {
        guard let path else { return try StandardOutput.write(text) }
        try write(Data(text.utf8), to: path, name, replacing: replacing, personal: personal)
        if !quiet { printError("wrote \(written) to \(path)") }
    }

    /// Writes `data` to `path`, the file named by the argument `name`.
    ///
    /// - Parameter personal: whether the file can hold residents' data (an export's links and
    ///   message ids, a subject access answer): a new one is then made readable by its owner
    ///   alone (0600), as the archive and the actor key are, where others are made as the umask
    ///   says. A file replaced keeps its mode either way, as an editor's save does: whoever made
    ///   it readable by a group meant it.
    /// - Throws: a `ValidationError` (exit 64) when the destination became one that may not be
    ///   written since it was checked, or no file can be made in its folder; an
    ///   ``OutputFailure`` (exit 74) when writing it failed (a full disk).
    static func write(_ data: Data, to path: String, _ name: String, replacing: Bool, personal: Bool) throws {
        // Checked again: a report may run for minutes, and the folder may change meanwhile.
        try check(path, name, replacing: replacing)
        let destination = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        let failure = { (code: Int32) in OutputFailure(writing: "\(name) \(ArgumentCheck.shown(path))", errno: code) }
        // Made unreadable to others from the start: a mode set after the write leaves a window.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, personal ? 0o600 : 0o666)
        // No file can be made there at all (under /proc, say): the path is to change, a bad argument.
        guard descriptor >= 0 else {
            throw ValidationError("\(name) \(ArgumentCheck.shown(path)) could not be written: \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary.path) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var replaced = stat()
        if replacing, stat(destination.path, &replaced) == 0, fchmod(descriptor, replaced.st_mode & 0o7777) != 0 {
            throw failure(errno)
        }
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw OutputFailure(writing: "\(name) \(ArgumentCheck.shown(path))", error: error)
        }
        if replacing {
            guard rename(temporary.path, destination.path) == 0 else { throw failure(errno) }
        } else if link(temporary.path, destination.path) != 0 {
            if errno == EEXIST { throw exists(path, name) }
            throw failure(errno)
        }
    }
}
