import CivicPulseCore
import Foundation

/// What fetch needs to know about one platform's API; the walking, archiving, ingesting and
/// cursors are the same for all of them (``Fetcher``).
public protocol PlatformClient: Sendable {
    /// The platform as events and the archive name it: `twitter`.
    var platform: String { get }
    /// What a person renews when the platform refuses the token.
    var credentialHint: String { get }
    /// Why an account without `id:` in the pipeline cannot be fetched: `X needs the account's numeric user id`.
    var accountIDNeed: String { get }

    /// The endpoints to walk for the pipeline's accounts and topics, or for one account only.
    func targets(in config: PipelineConfig, account: String?) -> [FetchTarget]
    /// The URL of one page of `target`: from `sinceID` (the stored mark), at `pageToken`.
    func url(for target: FetchTarget, sinceID: String?, pageToken: String?) -> URL
    /// Headers every request carries (authorisation).
    func headers() -> [(String, String)]
    /// The paging facts of a page; nil when the body is not a page at all (truncated, not JSON).
    func meta(of body: Data) -> PageMeta?
    /// What to do with an answer: a page, a retry, a wait for the rate limit, or a stop.
    func action(for response: HTTPResponse, attempt: Int, now: Date, policy: RetryPolicy, jitter: Double) -> ResponseAction
    /// Before the next request after a good page: a wait when the window is used up.
    func pace(after response: HTTPResponse, now: Date, policy: RetryPolicy) -> ResponseAction
    /// Why `account` cannot be fetched with the credentials at hand (Facebook: no token for its
    /// Page), or nil; such an account has no targets.
    func missingCredential(for account: PipelineConfig.Account) -> String?
    /// The body as it is archived and ingested: as it came, but for any secret it quotes.
    func archivable(_ body: Data) -> Data
    /// Lists nested in a page of `target` that continue on pages of their own (a Messenger
    /// thread's older messages), each with the token of its next page; walked before the page
    /// that names them is ingested, so a walk cut short leaves no gap.
    func nestedWalks(in body: Data, of target: FetchTarget) -> [(target: FetchTarget, pageToken: String)]
}

extension PlatformClient {
    /// One token or key serves every account: the credentials check at the start covers them all.
    public func missingCredential(for account: PipelineConfig.Account) -> String? { nil }

    /// X and YouTube never quote the request in a body.
    public func archivable(_ body: Data) -> Data { body }

    /// X's and YouTube's pages nest no list that pages on its own.
    public func nestedWalks(in body: Data, of target: FetchTarget) -> [(target: FetchTarget, pageToken: String)] { [] }
}
