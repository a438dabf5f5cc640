import ArgumentParser
import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseStore
import Foundation
import Postgres

/// Whom a privacy command is about: a resident named by platform and either user id or handle,
/// as `forget` and `resident export` take them.
struct ResidentOptions: ParsableArguments {
    @Option(help: "The platform the resident's account is on (twitter, facebook, instagram, youtube, …).") var platform: String
    @Option(name: .customLong("user-id"), help: "The resident's user id on that platform.") var userID: String?
    @Option(help: ArgumentHelp("Or their handle (any case, with or without @; twitter only): the account that last wrote under it.", valueName: "name"))
    var handle: String?

    func validate() throws {
        guard (userID == nil) != (handle == nil) else {
            throw ValidationError("name the resident by exactly one of --user-id and --handle")
        }
        for (value, name) in [(platform, "--platform"), (userID ?? handle.map(ActorHasher.bareHandle) ?? "", userID == nil ? "--handle" : "--user-id")] {
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty, !value.contains(where: \.isNewline) else {
                throw ValidationError("\(name) must name something (got \(ArgumentCheck.shown(value)))")
            }
        }
        guard !platform.contains(":") else { throw ValidationError("--platform \(ArgumentCheck.shown(platform)) cannot hold a colon") }
        if handle != nil, let refusal = Self.noHandle(on: platform) { throw ValidationError(refusal) }
    }

    /// Why `--handle` cannot name a resident of `platform`, or nil where it can (Twitter). Ingest
    /// links a handle only where a payload gives one beside the user id, and only Twitter's do
    /// (docs/privacy.md, "Handles"): a name that is not unique would lead to somebody else.
    static func noHandle(on platform: String) -> String? {
        switch platform {
        case "twitter": nil
        case "facebook":
            "--handle works for twitter only: Facebook gives a resident's name, not a handle, and names are not unique; name them with --user-id (from.id of their comment)"
        case "youtube":
            "--handle works for twitter only: YouTube comments carry a display name, not the channel's @handle; name the resident with --user-id and their channel id (UC…, authorChannelId of their comment)"
        default:
            "--handle works for twitter only: \(ArgumentCheck.shown(platform)) gives no handle ingest links to a user id; name the resident with --user-id"
        }
    }

    /// The user id or handle (without `@`) as given: what a raw payload names the resident by.
    var term: String { userID ?? handle.map(ActorHasher.bareHandle) ?? "" }

    /// The resident as a sentence names them: `twitter user '123'`, `twitter handle '@name'`.
    var described: String {
        if let handle { return "\(platform) handle \(ArgumentCheck.shown("@" + ActorHasher.bareHandle(handle)))" }
        return "\(platform) user \(ArgumentCheck.shown(userID ?? ""))"
    }

    /// The resident's keyed hash under the database's actor key, what `privacy.residents` is
    /// keyed by; for a handle, that of the account that last wrote under it, nil when none did.
    func lookup(on connection: Connection, home: URL) throws -> Data? {
        try lookup(on: connection, hasher: ActorHasher(secret: try ActorKey.forLookup(on: connection, environment: ProcessInfo.processInfo.environment, home: home)))
    }

    /// The resident's keyed hash under `hasher`'s key (see ``lookup(on:home:)``).
    func lookup(on connection: Connection, hasher: ActorHasher) throws -> Data? {
        guard let handle else { return hasher.hash(platform: platform, userID: userID ?? "") }
        return try ResidentHandles.lookup(of: hasher.hash(platform: platform, handle: handle), on: connection)
    }
}
