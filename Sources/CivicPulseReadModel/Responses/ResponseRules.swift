import CivicPulseCore
import Postgres

/// The calendar and SLA policy versions an item was judged by, as one id
/// (`projections.response_rules`, migration 157). Items keep the id, not the two labels: a
/// handful of pairs against thousands of items a week, whose labels took 36 bytes of each row
/// and of each entry of the index the reports read.
public struct ResponseRules: Hashable, Sendable {
    /// The council whose pipeline names the versions: its labels are its own.
    public var org: String
    public var calendarVersion: String
    public var policyVersion: String

    public init(org: String, calendarVersion: String, policyVersion: String) {
        self.org = org
        self.calendarVersion = calendarVersion
        self.policyVersion = policyVersion
    }

    public init(org: String, _ verdict: SLAVerdict) {
        self.init(org: org, calendarVersion: verdict.calendarVersion, policyVersion: verdict.policyVersion)
    }

    /// The pair's digest (`PairDigest`), so that every batching of the log and every rebuild give
    /// an item the same id with no lookup; `projections.response_rules_id` computes the same in SQL.
    public var id: Int64 {
        PairDigest.id(calendarVersion, policyVersion)
    }

    /// Stores `rules`, once each, and refuses a pair whose id another pair of the council holds:
    /// with 64 bits, as likely as not only past some 5·10^9 pairs.
    public static func save(_ rules: Set<ResponseRules>, on connection: Connection) throws {
        guard !rules.isEmpty else { return }
        let pairs = Array(rules)
        var holders: [ID: ResponseRules] = [:]
        for pair in pairs {
            if let holder = holders.updateValue(pair, forKey: ID(org: pair.org, id: pair.id)), holder != pair { throw SharedID(first: holder, second: pair) }
        }
        // The SELECT reads the snapshot before the INSERT: it compares the pairs stored already.
        let clashes = try connection.query("""
            WITH pair AS (
                SELECT * FROM unnest(\(BinaryArray(pairs.map(\.org))), \(BinaryArray(pairs.map(\.id))), \(BinaryArray(pairs.map(\.calendarVersion))),
                                     \(BinaryArray(pairs.map(\.policyVersion)))) AS p(org, rules_id, calendar_version, policy_version)
            ),
            added AS (INSERT INTO projections.response_rules SELECT * FROM pair ON CONFLICT (org, rules_id) DO NOTHING)
            SELECT pair.org, s.calendar_version, s.policy_version, pair.calendar_version, pair.policy_version
            FROM pair JOIN projections.response_rules s USING (org, rules_id)
            WHERE (s.calendar_version, s.policy_version) <> (pair.calendar_version, pair.policy_version)
            """)
        if let clash = clashes.first {
            let org = try clash.decode(String.self, 0)
            throw SharedID(first: ResponseRules(org: org, calendarVersion: try clash.decode(String.self, 1), policyVersion: try clash.decode(String.self, 2)),
                           second: ResponseRules(org: org, calendarVersion: try clash.decode(String.self, 3), policyVersion: try clash.decode(String.self, 4)))
        }
    }

    private struct ID: Hashable {
        var org: String
        var id: Int64
    }

    /// Two pairs of versions with one id: the processor stops rather than judge items by the wrong rules.
    public struct SharedID: Error, CustomStringConvertible {
        public var first: ResponseRules
        public var second: ResponseRules

        public var description: String {
            "\(first.org)'s calendar and policy versions \"\(first.calendarVersion)\", \"\(first.policyVersion)\" and "
                + "\"\(second.calendarVersion)\", \"\(second.policyVersion)\" share an id; rename one version in the pipeline"
        }
    }
}
