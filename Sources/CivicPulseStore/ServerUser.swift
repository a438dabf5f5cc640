import Foundation

/// The user a cluster's server runs as: ourselves, or `postgres` when we are root, since
/// PostgreSQL refuses to run as root.
struct ServerUser {
    let name: String
    let uid: uid_t
    let gid: gid_t
    /// The user's home folder, where root keeps a cluster the postgres user cannot reach.
    let home: URL
    /// Whether the server runs as another user than we are (we are root).
    let isOther: Bool

    /// The user for servers we start.
    static func current() throws -> ServerUser {
        guard geteuid() == 0 else {
            return ServerUser(name: NSUserName(), uid: geteuid(), gid: getegid(), home: URL(fileURLWithPath: NSHomeDirectory()), isOther: false)
        }
        guard let postgres else {
            throw LocalCluster.Failure(message: "running as root, PostgreSQL must run as the postgres user, and there is none: install postgresql (make deps), or run as another user")
        }
        return postgres
    }

    /// The `postgres` user, if the machine has one.
    static var postgres: ServerUser? {
        guard let entry = getpwnam("postgres") else { return nil }
        return ServerUser(name: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid,
                          home: URL(fileURLWithPath: String(cString: entry.pointee.pw_dir)), isOther: true)
    }

    /// Runs a program as this user.
    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], log: URL? = nil) throws -> Subprocess.Outcome {
        guard isOther else { return try Subprocess.run(executable, arguments, environment: environment, log: log) }
        return try Subprocess.run("/usr/sbin/runuser", ["-u", name, "--", executable] + arguments, environment: environment, log: log)
    }

    /// Whether this user can reach `folder`: asked of the system as that user, since group
    /// memberships and ACLs decide it as much as the modes do.
    func canEnter(_ folder: URL) throws -> Bool {
        guard isOther else { return true }
        return try run("/usr/bin/test", ["-x", folder.path]).succeeded
    }

    /// Makes `folder` for this user, private (0700), or checks that one already there is
    /// this user's and private: under /tmp anyone may have made it first, and whoever owns
    /// the socket's folder can reach the trusting server or put another in its place.
    func makePrivateFolder(_ folder: URL, for purpose: String) throws {
        if mkdir(folder.path, 0o700) == 0 {
            try own(folder, mode: 0o700)
            return
        }
        guard errno == EEXIST else { throw failure("cannot make \(purpose) \(folder.path)") }
        var info = stat()
        guard lstat(folder.path, &info) == 0 else { throw failure("cannot read \(purpose) \(folder.path)") }
        let problem = if info.st_mode & S_IFMT != S_IFDIR {
            "is not a folder"
        } else if info.st_uid != uid {
            "belongs to another user (uid \(info.st_uid)), not \(name)"
        } else if info.st_mode & 0o077 != 0 {
            "is open to other users (mode \(String(info.st_mode & 0o777, radix: 8)))"
        } else {
            ""
        }
        guard problem.isEmpty else {
            throw LocalCluster.Failure(message: "not using \(folder.path) as \(purpose): it \(problem); remove it, or choose another folder for the cluster")
        }
    }

    /// Makes `folder` for this user (0700) unless it is there: the server checks its data
    /// folder itself.
    func makeFolder(_ folder: URL) throws {
        guard mkdir(folder.path, 0o700) != 0 else { return try own(folder, mode: 0o700) }
        guard errno == EEXIST else { throw failure("cannot make \(folder.path)") }
    }

    /// Writes `text` into `file`, replacing it at once (a server starting meanwhile reads the
    /// old file or the new, never half of one), readable by this user alone.
    func writePrivateFile(_ file: URL, _ text: String) throws {
        try Data(text.utf8).write(to: file, options: .atomic)
        try own(file, mode: 0o600)
    }

    /// Gives a file or folder we made to this user, with `mode`.
    func own(_ item: URL, mode: mode_t) throws {
        guard chmod(item.path, mode) == 0 else { throw failure("cannot set the mode of \(item.path)") }
        guard !isOther || lchown(item.path, uid, gid) == 0 else { throw failure("cannot give \(item.path) to \(name)") }
    }

    private func failure(_ what: String) -> LocalCluster.Failure {
        LocalCluster.Failure(message: "\(what): \(String(cString: strerror(errno)))")
    }
}
