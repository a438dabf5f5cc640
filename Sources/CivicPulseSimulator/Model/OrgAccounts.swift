import CivicPulseCore
import Foundation

/// The platforms the simulator writes payloads for.
enum Platform: String, Sendable, CaseIterable {
    case twitter, facebook, youtube
}

/// One of the council's own accounts, as the platforms would show it.
struct OrgAccount: Sendable {
    /// The account's key in the pipeline config (`harbourside_twitter`).
    let configID: String
    let platform: Platform
    /// The platform's id: a Twitter user id or Page id (digits), or a YouTube channel id.
    let platformID: String
    /// The same id as a number, for Twitter and Facebook (0 for YouTube).
    let numericID: UInt64
    /// Handle without `@` (Twitter) or Page username.
    let handle: String
    /// The name people see: "Harbourside Borough Council", "Harbourside Libraries".
    let displayName: String
    let service: String
    let central: Bool
    /// When this account's staff are at work.
    let calendar: Versioned<BusinessCalendar>
    /// Facebook Pages that are not central are collected by webhook rather than Graph polling.
    var collectedByWebhook: Bool { platform == .facebook && !central }
}

/// The council as the simulator needs it: accounts per platform, names, time zone.
struct OrgAccounts: Sendable {
    let org: String
    let name: String
    /// The place: the first word of the council's name ("Harbourside").
    let town: String
    let timeZone: TimeZone
    let twitter: [OrgAccount]
    let facebook: [OrgAccount]
    let youtube: [OrgAccount]

    init(config: PipelineConfig) {
        org = config.org
        name = config.name
        town = config.name.split(separator: " ").first.map(String.init) ?? config.org
        timeZone = config.timeZone
        var byPlatform: [Platform: [OrgAccount]] = [:]
        for account in config.accounts {
            guard let platform = Platform(rawValue: account.platform) else { continue }
            let service = config.service(account.service)
            let calendar = service?.calendar ?? Versioned("standard office calendar", BusinessCalendar.alwaysOpen(in: config.timeZone))
            let displayName = account.central ? config.name : "\(town) \(service?.name ?? account.service)"
            let handle = account.handle ?? account.id.split(separator: "_").map { $0.capitalized }.joined()
            let platformID = account.platformID ?? Self.syntheticID(for: account.id, platform: platform)
            byPlatform[platform, default: []].append(OrgAccount(
                configID: account.id, platform: platform, platformID: platformID,
                numericID: UInt64(platformID) ?? 0, handle: handle, displayName: displayName,
                service: account.service, central: account.central, calendar: calendar
            ))
        }
        twitter = byPlatform[.twitter] ?? []
        facebook = byPlatform[.facebook] ?? []
        youtube = byPlatform[.youtube] ?? []
    }

    func accounts(on platform: Platform) -> [OrgAccount] {
        switch platform {
        case .twitter: twitter
        case .facebook: facebook
        case .youtube: youtube
        }
    }

    /// An id for an account the config names only by handle: stable, and shaped like the platform's.
    static func syntheticID(for configID: String, platform: Platform) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in configID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        switch platform {
        case .twitter: return String(800_000_000_000_000_000 + hash % 99_999_999_999_999_999)
        case .facebook: return String(600_000_000_000_000 + hash % 99_999_999_999_999)
        case .youtube: return "UC" + Base64URL.encode(hash, SplitMix64.mix(hash), length: 22)
        }
    }
}
