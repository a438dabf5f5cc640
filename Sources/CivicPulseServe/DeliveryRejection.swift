/// Why a delivery was not answered 200: the `reason` label of
/// `civicpulse_deliveries_rejected_total`, in Prometheus's snake_case.
enum DeliveryRejection: String, Sendable, CaseIterable {
    /// The route's secret is unset, so no delivery to it can be checked.
    case routeOff = "route_off"
    /// The signature is missing or wrong: a forgery, or a secret that no longer matches the app's.
    case badSignature = "bad_signature"
    /// The body is over `--max-body`.
    case tooLarge = "too_large"
    /// The queue was full: the platform delivers it again.
    case queueFull = "queue_full"
    /// The database did not answer or refused the commit.
    case databaseUnavailable = "database_unavailable"
    /// The archive could not be written (a full disk, permissions).
    case notArchived = "not_archived"
}
