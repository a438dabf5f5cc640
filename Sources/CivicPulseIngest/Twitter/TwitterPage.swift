/// What the rest of a v2 response page tells about one of its tweets.
struct TwitterPage {
    /// Handles of `includes.users`, by user id.
    var users: [String: String] = [:]
    /// Authors of the tweets in `data` and `includes.tweets`, by tweet id: the addressee of a
    /// reply whose `in_reply_to_user_id` was not requested.
    var authors: [String: String] = [:]
}
