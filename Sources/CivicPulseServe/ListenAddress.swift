/// `--listen`'s `host:port`: `127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`.
public struct ListenAddress: Sendable, Equatable {
    public let host: String
    public let port: Int

    /// Nil unless `text` is a host, a colon and a port from 1 to 65535; an IPv6 host in brackets.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let digits = text[text.index(after: colon)...]
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let port = Int(digits), (1...65535).contains(port) else { return nil }
        var host = Substring(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil // an IPv6 host without brackets: which colon ends it is a guess
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        self.host = String(host)
        self.port = port
    }
}
