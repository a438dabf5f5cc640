import Foundation
import CivicPulseIngest
import Prometheus

/// What `/metrics` shows, in Prometheus's text format: serve's counters since it started, then
/// the gauges read from the database at the scrape.
///
/// Every counter exists from the start, at 0, for each platform and reason: a rate over a
/// series that appears only with its first rejection would miss that first one.
final class ServeMetrics: Sendable {
    private let counters = PrometheusCollectorRegistry()
    private let received: [WebhookPlatform: Counter]
    private let rejected: [WebhookPlatform: [DeliveryRejection: Counter]]
    private let appended: Counter
    private let quarantined: Counter

    init() {
        var received: [WebhookPlatform: Counter] = [:]
        var rejected: [WebhookPlatform: [DeliveryRejection: Counter]] = [:]
        for platform in WebhookPlatform.allCases {
            received[platform] = counters.makeCounter(
                descriptor: Self.named("deliveries_received", "total", "Webhook deliveries posted to serve, whatever their answer."),
                labels: [("platform", platform.rawValue)])
            for reason in DeliveryRejection.allCases {
                rejected[platform, default: [:]][reason] = counters.makeCounter(
                    descriptor: Self.named("deliveries_rejected", "total", "Webhook deliveries not answered 200, by why."),
                    labels: [("platform", platform.rawValue), ("reason", reason.rawValue)])
            }
        }
        self.received = received
        self.rejected = rejected
        appended = counters.makeCounter(descriptor: Self.named("events_appended", "total", "Events serve appended to the log (duplicates not counted)."))
        quarantined = counters.makeCounter(descriptor: Self.named("records_quarantined", "total", "Records of deliveries serve quarantined."))
    }

    /// `civicpulse_<name>_<unit>`: the namespace and a unit suffix on every metric, as
    /// Prometheus's naming conventions ask.
    private static func named(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "civicpulse", metricName: name, unitName: unit, helpText: help)
    }

    func received(from platform: WebhookPlatform) {
        received[platform]?.increment()
    }

    func rejected(_ reason: DeliveryRejection, from platform: WebhookPlatform) {
        rejected[platform]?[reason]?.increment()
    }

    func committed(_ report: FileReport) {
        appended.increment(by: Int64(report.appended))
        quarantined.increment(by: Int64(report.quarantinedCount))
    }

    /// The exposition: the counters, `civicpulse_database_up`, and the database's gauges when
    /// `database` has them; absent, not zero, when it did not answer, since a lag of 0 would
    /// say all is well.
    func exposition(database: DatabaseGauges?) -> [UInt8] {
        var text: [UInt8] = []
        counters.emit(into: &text)
        let scrape = PrometheusCollectorRegistry()
        scrape.makeGauge(descriptor: Self.named("database", "up", "1 when the database answered this scrape in time, else 0."))
            .set(to: database == nil ? 0 : 1)
        if let database {
            scrape.makeGauge(descriptor: Self.named(
                "processor_lag", "events", "Events in the log the processor has not taken yet (counted up to \(DatabaseGauges.countedEvents + 1))."))
                .set(Double(database.unprocessedEvents))
            scrape.makeGauge(descriptor: Self.named(
                "processor_lag", "seconds", "Seconds since the oldest event the processor has not taken was recorded; 0 when none waits."))
                .set(database.lagSeconds)
            for (service, age) in database.oldestUnanswered.sorted(by: { $0.key < $1.key }) {
                scrape.makeGauge(descriptor: Self.named("oldest_unanswered", "seconds", "Seconds the oldest unanswered item of each service has waited."),
                                 labels: [("service", service)])
                    .set(age)
            }
            for fetch in database.lastFetches {
                scrape.makeGauge(descriptor: Self.named("last_fetch_timestamp", "seconds", "Unix time of the last fetch that walked one of an account's endpoints to its end."),
                                 labels: [("platform", fetch.platform), ("account", fetch.account)])
                    .set(fetch.at.timeIntervalSince1970)
            }
        }
        scrape.emit(into: &text)
        return text
    }
}
