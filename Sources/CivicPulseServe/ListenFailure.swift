/// Serve could not start listening: the port is taken, or the host is not one of this machine's.
public struct ListenFailure: Error, CustomStringConvertible {
    public let address: String
    public let reason: String

    public var description: String { "cannot listen on \(address): \(reason)" }
}
