import Foundation

/// The cluster's own configuration, so that it is socket only however it is started: with
/// flags on `pg_ctl`'s command line, a plain `pg_ctl start` opened TCP on localhost, where
/// pg_hba.conf trusted everyone as the superuser.
///
/// Written on every start, so a cluster made by an older version gets it too.
extension LocalCluster {
    static let settingsFile = "civicpulse.conf"
    static let includeLine = "include '\(settingsFile)'"

    /// Our settings, included from the end of postgresql.conf so that they win over initdb's.
    static func settings(socketDirectory: String, port: Int) -> String {
        """
        # Written by CivicPulse on every start of its embedded cluster: edits here are lost.
        # Socket only: pg_hba.conf trusts whoever reaches the socket, so there is no TCP
        # listener, and the socket and its folder are the cluster owner's alone.
        listen_addresses = ''
        port = \(port)
        unix_socket_directories = \(quotedSetting(quotedListItem(socketDirectory)))
        unix_socket_permissions = 0700
        # For a laptop and for tests: survives killed processes, not a power cut (README).
        fsync = off
        full_page_writes = off

        """
    }

    /// Connections through the local socket only: no host lines, so nothing over TCP even if
    /// someone opens a TCP listener.
    static let accessRules = """
        # Written by CivicPulse on every start of its embedded cluster: edits here are lost.
        # The local socket only, which only the cluster's owner can reach; no host lines.
        local   all             all     trust
        local   replication     all     trust

        """

    /// A value in postgresql.conf's syntax: single quotes, a quote doubled, a backslash escaped.
    static func quotedSetting(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// One folder in a list setting such as unix_socket_directories, where commas and
    /// spaces separate entries unless the entry is in double quotes (a quote doubled).
    static func quotedListItem(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes our settings and pg_hba.conf into the data folder and includes the settings from
    /// postgresql.conf once; the files are the server user's, as initdb made the others.
    func writeConfiguration(as user: ServerUser) throws {
        let data = dataDirectory
        try user.writePrivateFile(data.appendingPathComponent(Self.settingsFile),
                                  Self.settings(socketDirectory: socketDirectory.path, port: port))
        try user.writePrivateFile(data.appendingPathComponent("pg_hba.conf"), Self.accessRules)
        let main = data.appendingPathComponent("postgresql.conf")
        let text = try String(contentsOf: main, encoding: .utf8)
        guard !text.split(separator: "\n").contains(where: { $0 == Self.includeLine }) else { return }
        let handle = try FileHandle(forWritingTo: main)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(text.hasSuffix("\n") ? "" : "\n")\(Self.includeLine)\n".utf8))
    }
}
