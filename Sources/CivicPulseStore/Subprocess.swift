import Foundation

/// Runs a program to its end with `posix_spawn`: its arguments go to it as they are, through
/// no shell, so no character of a folder's name can become a command.
///
/// Not Foundation's `Process`: on Linux it notices a child's exit through a descriptor the
/// child inherits, and the server `pg_ctl start` leaves running inherits it too, so the wait
/// would last as long as the server. Output goes to a file, not a pipe, for the same reason,
/// and the child gets no descriptor of ours but those three.
enum Subprocess {
    struct Outcome {
        let succeeded: Bool
        /// The last lines the program wrote, for an error message.
        let lastLines: String
    }

    /// Runs `executable` and waits for it.
    ///
    /// - Parameters:
    ///   - environment: variables set for the program on top of ours.
    ///   - log: a file its output is appended to, which a server it starts keeps writing to;
    ///     without one, the output goes to a temporary file read for `lastLines`.
    /// - Returns: whether it exited with status 0, and its last lines of output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], log: URL? = nil) throws -> Outcome {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-\(UUID().uuidString).out")
        let output = log ?? temporary
        defer { try? FileManager.default.removeItem(at: temporary) }
        let start = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        keepDescriptorsFromChildren()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, set in set }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw LocalCluster.Failure(message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let succeeded = status & 0x7f == 0 && (status >> 8) & 0xff == 0
        return Outcome(succeeded: succeeded, lastLines: lastLines(of: output, from: start))
    }

    /// Marks every descriptor of ours but the standard three close-on-exec: a server started
    /// would otherwise hold them (a connection's socket, the descriptor through which whoever
    /// ran us waits for our end) for as long as it runs.
    private static func keepDescriptorsFromChildren() {
        for descriptor in ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// The last three lines written to `file` after `offset`, on one line.
    private static func lastLines(of file: URL, from offset: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        try? handle.seek(toOffset: UInt64(max(offset, size - 4096)))
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").suffix(3).joined(separator: " | ")
    }
}
