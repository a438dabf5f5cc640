import Foundation

/// A council's pipeline: who it is, which accounts belong to which service, and how to route.
///
/// Loaded from `pipelines/*.yaml` and validated as a whole: every error names the file,
/// the line and the key, and cross-references (an account's service, a rule's service)
/// must resolve.
public struct PipelineConfig: Sendable {
    public var org: String
    public var name: String
    public var timeZone: TimeZone
    /// The zone as the pipeline names it (`time_zone`), for report headers: Foundation calls the
    /// zone of `UTC` "GMT", and a report should say what the council wrote.
    public var timeZoneName: String { writtenZoneName ?? timeZone.identifier }
    var writtenZoneName: String?
    public var services: [Service]
    public var accounts: [Account]
    /// Keyword rules that route messages on a central account to a service, tried in order.
    public var routing: [RoutingRule]
    /// Response targets, by version.
    public var sla: Versioned<SLAPolicy>
    /// How long a resident stays quiet after the council's reply before their item counts as
    /// resolved (`sla.resolution_quiet_period`, docs/calendars-and-sla.md).
    public var resolutionQuietPeriod = Resolution.defaultQuietPeriod
    /// How an item answered before the service next opened counts on the business clock
    /// (`sla.out_of_hours_answer`, docs/calendars-and-sla.md).
    public var outOfHoursAnswer = OutOfHoursAnswer.default
    /// Spike detection and which surges make messages urgent (docs/emergencies.md).
    public var emergencies = EmergencySettings()
    /// What the comms team listens for about the place.
    public var topics: [Topic]
    /// Column mappings for exports from channels with no reader of their own (CSV or JSON Lines).
    public var channels: [GenericChannel]
    /// Credentials and archive for `civicpulse fetch`.
    public var fetch = FetchSettings()
    /// How long residents' words stay readable (`retention:`, docs/privacy.md); none by default.
    public var retention = RetentionSettings()
    /// The file it came from, for messages.
    public var file: String

    public struct Service: Sendable {
        public var id: String
        public var name: String
        /// Opening hours, holidays and closures, by version.
        public var calendar: Versioned<BusinessCalendar>
    }

    public struct Account: Sendable, Equatable {
        public var id: String
        public var platform: String
        /// The handle or page name without `@`, compared case-insensitively.
        public var handle: String?
        /// The platform's numeric or opaque id (Twitter user id, Page id, YouTube channel id).
        public var platformID: String?
        public var service: String
        /// A central account (customer services, the place page) routes by keywords.
        public var central: Bool
    }

    /// A listening topic: a message is on it when it matches an `include` term and no `exclude` term.
    public struct Topic: Sendable {
        public var id: String
        public var include: KeywordMatcher
        public var exclude: KeywordMatcher

        public func matches(_ text: KeywordText) -> Bool {
            include.matches(text) && !exclude.matches(text)
        }
    }

    /// The ids of the topics `text` is on, in config order.
    public func topics(in text: String) -> [String] {
        let words = KeywordText(text)
        return topics.filter { $0.matches(words) }.map(\.id)
    }

    public struct RoutingRule: Sendable {
        public var service: String
        public var keywords: KeywordMatcher
    }

    /// The service messages go to when no rule matches on a central account: never a guess.
    public static let unassigned = "unassigned"

    /// The org account for a platform user, by id or by handle.
    public func account(platform: String, userID: String?, handle: String?) -> Account? {
        accounts.first { account in
            guard account.platform == platform else { return false }
            if let userID, let id = account.platformID, id == userID { return true }
            if let handle, let own = account.handle, Self.sameHandle(own, handle) { return true }
            return false
        }
    }

    /// Handles compare without case; ASCII ones (nearly all) byte by byte, because Foundation's
    /// comparison ran for every message against every account and was 3% of ingest's CPU.
    static func sameHandle(_ a: String, _ b: String) -> Bool {
        guard a.utf8.allSatisfy({ $0 < 0x80 }), b.utf8.allSatisfy({ $0 < 0x80 }) else { return a.caseInsensitiveCompare(b) == .orderedSame }
        func folded(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }
        return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { folded($0) == folded($1) }
    }

    public func service(_ id: String) -> Service? {
        services.first { $0.id == id }
    }
}

extension PipelineConfig {
    /// Reads and validates a pipeline file.
    public static func load(path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: nil, path: "", problem: "cannot read the file: \(UnreadableFile.reason(path))")
        }
        guard !data.contains(0), let text = String(validating: data, as: UTF8.self) else {
            throw ConfigError(file: path, line: nil, path: "", problem: "not a pipeline file: a pipeline is YAML in UTF-8 text, and this file holds other bytes")
        }
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String) throws -> PipelineConfig {
        let root = try ConfigNode.parse(yaml: yaml, file: file)
        try root.allowOnly(["org", "name", "time_zone", "calendars", "services", "accounts", "routing", "topics", "channels", "sla", "emergencies", "fetch", "retention"])
        let org = try root.required("org").string()
        guard org.range(of: "^[a-z0-9][a-z0-9_-]*$", options: .regularExpression) != nil else {
            throw try root.required("org").error("use lower-case letters, digits, '-' and '_' (it names the org in every event)")
        }
        let zoneNode = try root.optional("time_zone")
        let zoneName = try zoneNode?.string() ?? "Europe/London"
        guard let timeZone = TimeZone(identifier: zoneName), TimeZone.knownTimeZoneIdentifiers.contains(zoneName) || zoneName == "UTC" else {
            throw zoneNode!.error("unknown time zone '\(zoneName)' (use an IANA name such as Europe/London)")
        }

        let calendars = try root.optional("calendars").map { try CalendarCatalog.parse($0, defaultTimeZone: timeZone) }
            ?? CalendarCatalog(calendars: [:], defaultTimeZone: timeZone)
        let standard = try Versioned("standard office calendar", original: BusinessCalendar.standardOffice(in: timeZone))
        var services = [Service(id: unassigned, name: "Unassigned", calendar: standard)]
        for (id, node) in try root.required("services").entries() {
            try node.allowOnly(["name", "calendar"])
            guard id != unassigned else { throw node.error("'\(unassigned)' is built in; choose another id") }
            let calendar = try node.optional("calendar").map(calendars.resolve) ?? standard
            services.append(Service(id: id, name: try node.optional("name")?.string() ?? id, calendar: calendar))
        }
        func requireService(_ node: ConfigNode) throws -> String {
            let id = try node.string()
            guard services.contains(where: { $0.id == id }) else {
                throw node.error("unknown service '\(id)' (services: \(services.map(\.id).joined(separator: ", ")))")
            }
            return id
        }

        var accounts: [Account] = []
        for (id, node) in try root.required("accounts").entries() {
            try node.allowOnly(["platform", "handle", "id", "service", "central"])
            let platformNode = try node.required("platform")
            let platform = try platformNode.string()
            guard !platform.isEmpty else {
                throw platformNode.error("platform must not be empty")
            }
            let handle = try node.optional("handle")?.string().trimmingCharacters(in: CharacterSet(charactersIn: "@"))
            let platformID = try node.optional("id")?.string()
            guard handle != nil || platformID != nil else {
                throw node.error("give the account's handle or id (or both) so its messages can be recognised")
            }
            accounts.append(Account(
                id: id, platform: platform, handle: handle, platformID: platformID,
                service: try requireService(try node.required("service")),
                central: try node.optional("central")?.bool() ?? false
            ))
        }

        var routing: [RoutingRule] = []
        for rule in try root.optional("routing")?.items() ?? [] {
            try rule.allowOnly(["service", "keywords"])
            let keywordsNode = try rule.required("keywords")
            let keywords = try keywordsNode.strings()
            guard !keywords.isEmpty else { throw rule.error("a routing rule needs at least one keyword") }
            if let problem = keywords.lazy.compactMap(KeywordMatcher.problem).first { throw keywordsNode.error(problem) }
            routing.append(RoutingRule(service: try requireService(try rule.required("service")), keywords: KeywordMatcher(keywords)))
        }

        var topics: [Topic] = []
        for (id, node) in try root.optional("topics")?.entries() ?? [] {
            try node.allowOnly(["include", "exclude"])
            func matcher(_ key: String) throws -> KeywordMatcher {
                guard let termsNode = try node.optional(key) else { return KeywordMatcher([]) }
                let terms = try termsNode.strings()
                if let problem = terms.lazy.compactMap(KeywordMatcher.problem).first { throw termsNode.error(problem) }
                return KeywordMatcher(terms)
            }
            let include = try matcher("include")
            guard !include.terms.isEmpty else { throw node.error("a topic needs at least one 'include' term") }
            topics.append(Topic(id: id, include: include, exclude: try matcher("exclude")))
        }

        let channels = try (root.optional("channels")?.entries() ?? []).map { id, node in
            try GenericChannel.parse(id: id, node, accounts: accounts)
        }

        guard let slaNode = try root.optional("sla") else {
            throw root.error("missing required key 'sla' (response targets; see docs/pipeline-config.md)")
        }
        let sla = try SLAPolicy.parse(slaNode, knownServices: Set(services.map(\.id)))
        let emergencies = try EmergencySettings.parse(try root.optional("emergencies"), topics: topics.map(\.id))

        var config = PipelineConfig(
            org: org, name: try root.optional("name")?.string() ?? org, timeZone: timeZone,
            services: services, accounts: accounts, routing: routing, sla: sla, emergencies: emergencies, topics: topics, channels: channels, file: file
        )
        config.resolutionQuietPeriod = try Resolution.quietPeriod(try slaNode.optional("resolution_quiet_period"))
        config.outOfHoursAnswer = try OutOfHoursAnswer.parse(try slaNode.optional("out_of_hours_answer"))
        config.fetch = try FetchSettings.parse(try root.optional("fetch"), pipelineFile: file)
        config.retention = try RetentionSettings.parse(try root.optional("retention"))
        config.writtenZoneName = zoneName
        return config
    }
}
