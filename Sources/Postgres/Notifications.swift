import CLibPQ
import Foundation

/// A NOTIFY received on a channel this connection listens to.
public struct Notification: Sendable, Equatable {
    public let channel: String
    public let payload: String
}

extension Connection {
    /// Starts listening on `channel`; notifications arrive through ``waitForNotifications(timeout:)``.
    public func listen(_ channel: String) throws {
        try execute("LISTEN \(quoteIdentifier(channel))")
    }

    /// Sends `payload` on `channel`; delivered when the surrounding transaction commits.
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Blocks until a notification arrives or `timeout` seconds pass, without polling the server.
    ///
    /// - Parameter wakeOn: a file descriptor (the read end of a pipe a signal handler writes to)
    ///   whose becoming readable ends the wait early, so a daemon stops at once when asked to.
    /// - Returns: every notification that had arrived, possibly none on a time-out.
    public func waitForNotifications(timeout: Double, wakeOn: Int32? = nil) throws -> [Notification] {
        var received = try drainNotifications()
        guard received.isEmpty else { return received }
        let socket = PQsocket(handle)
        guard socket >= 0 else {
            throw PostgresError(kind: .connection, message: "connection has no socket")
        }
        var descriptors = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
        if let wakeOn { descriptors.append(pollfd(fd: wakeOn, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(max(0, timeout * 1000)))
        if ready < 0, errno != EINTR {
            throw PostgresError(kind: .protocol, message: "waiting for notifications failed: \(String(cString: strerror(errno)))")
        }
        received = try drainNotifications()
        return received
    }

    private func drainNotifications() throws -> [Notification] {
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
        }
        var notifications: [Notification] = []
        while let notice = PQnotifies(handle) {
            notifications.append(Notification(
                channel: String(cString: notice.pointee.relname),
                payload: String(cString: notice.pointee.extra)
            ))
            PQfreemem(notice)
        }
        return notifications
    }
}
