import CivicPulseIngest
import Postgres

/// One endpoint of one account (or one listening topic) that fetch walks.
public struct FetchTarget: Sendable {
    /// The pipeline's account id, or `topic:<id>` for a listening search.
    public var account: String
    /// A short name for the endpoint: `mentions`, `tweets`, `search`; in file names and lines.
    public var endpoint: String
    /// The path under the API base, such as `/2/users/900000000000000001/mentions`.
    public var path: String
    /// Query items besides the paging ones.
    public var query: [(String, String)]
    /// The reader the pages go through, as `civicpulse ingest <source>` would name it.
    public var source: IngestSource
    /// Query items that depend on the log as it is when the walk starts, added to `query` then;
    /// nil from it means nothing to ask, and the target is passed over without a line. YouTube's
    /// video ids: the comment threads walked just before name the videos residents talk about.
    public var lateQuery: (@Sendable (Connection) throws -> [(String, String)]?)?
    /// Whose credential signs the requests when the path does not name it: the Page whose token
    /// reads one of its Messenger threads (`/v21.0/t_…/messages`).
    public var credentialOwner: String?

    public init(account: String, endpoint: String, path: String, query: [(String, String)], source: IngestSource,
                lateQuery: (@Sendable (Connection) throws -> [(String, String)]?)? = nil, credentialOwner: String? = nil) {
        self.account = account
        self.endpoint = endpoint
        self.path = path
        self.query = query
        self.source = source
        self.lateQuery = lateQuery
        self.credentialOwner = credentialOwner
    }

    /// The archive folder's name for the account: a topic's colon would be awkward in a path.
    var archiveFolder: String {
        account.replacingOccurrences(of: ":", with: "-")
    }
}
