import Foundation

/// The platforms' tokens, from the environment or from a credentials file the pipeline names.
///
/// The file holds `NAME=value` lines (the environment's names, `#` comments), so the same file can
/// serve as a systemd `EnvironmentFile`. Like ssh with a private key, a file that others can read
/// is refused: the token would be as good as published to every account on the machine.
public struct Credentials: Sendable {
    /// The X API v2 app-only bearer token's variable.
    public static let xBearerToken = "CIVICPULSE_X_BEARER_TOKEN"
    /// The YouTube Data API v3 key's variable (a Google Cloud API key; public data needs no OAuth).
    public static let youtubeAPIKey = "CIVICPULSE_YOUTUBE_API_KEY"
    /// The Facebook Pages' access tokens, `pageid=token,pageid=token` (``MetaPageTokens``).
    public static let metaPageTokens = "CIVICPULSE_META_PAGE_TOKENS"
    /// The Meta app's secret, which signs every Graph request (``AppSecretProof``).
    public static let metaAppSecret = "CIVICPULSE_META_APP_SECRET"
    /// The names read from the environment; the file may hold others for other tools.
    static let names: Set<String> = [xBearerToken, youtubeAPIKey, metaPageTokens, metaAppSecret]

    private let values: [String: BearerToken]
    /// Where the values came from, for messages: the file's path, or "the environment".
    private let file: String?

    /// Reads `environment`, then `file` (when named) for names the environment does not set.
    public static func load(environment: [String: String], file: String?) throws -> Credentials {
        var values = environment.filter { names.contains($0.key) && !$0.value.isEmpty }.mapValues(BearerToken.init)
        if let file {
            for (name, value) in try read(file: file) where values[name] == nil {
                values[name] = BearerToken(value)
            }
        }
        return Credentials(values: values, file: file)
    }

    /// Whether `name` is set, in the environment or the file: fetch without --platform asks a
    /// platform only when its credentials are there.
    public func isSet(_ name: String) -> Bool {
        values[name] != nil
    }

    /// The X bearer token, or a line saying where to put one.
    public func xToken() throws -> BearerToken {
        try secret(Self.xBearerToken, what: "X bearer token")
    }

    /// The YouTube API key, or a line saying where to put one.
    public func youtubeKey() throws -> BearerToken {
        try secret(Self.youtubeAPIKey, what: "YouTube API key")
    }

    /// The Page tokens by Page id, or a line saying where to put them or which entry is wrong.
    public func metaPageTokens() throws -> [String: BearerToken] {
        try MetaPageTokens(secret(Self.metaPageTokens, what: "Facebook Page tokens").value).tokens
    }

    /// The Meta app secret when set: an app that requires `appsecret_proof` needs it, others do not.
    public func optionalMetaAppSecret() -> BearerToken? {
        values[Self.metaAppSecret]
    }

    private func secret(_ name: String, what: String) throws -> BearerToken {
        guard let secret = values[name] else {
            let place = file.map { "set \(name) in the environment or in \($0)" }
                ?? "set \(name) in the environment, or name a credentials file in the pipeline (fetch: credentials:)"
            throw FetchError.credentials("no \(what): \(place)")
        }
        return secret
    }

    static func read(file: String) throws -> [String: String] {
        var status = stat()
        guard stat(file, &status) == 0 else {
            throw FetchError.credentials("\(file): cannot read the credentials file (\(String(cString: strerror(errno))))")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw FetchError.credentials("\(file): credentials file is readable by others (mode \(String(mode, radix: 8))); chmod 600 \(file)")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw FetchError.credentials("\(file): cannot read the credentials file")
        }
        var values: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                // The line may hold a token: name the line, never show it.
                throw FetchError.credentials("\(file):\(number + 1): expected NAME=value")
            }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }
}
