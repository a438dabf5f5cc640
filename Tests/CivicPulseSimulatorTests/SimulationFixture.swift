import CivicPulseCore
import CivicPulseIngest
import CivicPulseSimulator
import Foundation
import XCTest

/// Harbourside as the demo pipeline has it: three Twitter accounts, three Facebook Pages
/// (the central one polled, the others by webhook) and a YouTube channel.
let harbourside: PipelineConfig = {
    let yaml = """
        org: harbourside
        name: Harbourside Borough Council
        time_zone: Europe/London
        calendars:
          office: { bank_holidays: england_and_wales, hours: { mon-fri: "09:00-17:00" } }
          libraries: { bank_holidays: england_and_wales, hours: { mon-fri: "09:00-18:00", sat: "09:00-13:00" } }
        services:
          customer_services: { name: Customer services, calendar: office }
          waste: { name: Waste and recycling, calendar: office }
          libraries: { name: Libraries, calendar: libraries }
          leisure: { name: Leisure centres, calendar: office }
          highways: { name: Roads and highways, calendar: office }
          schools: { name: Schools and admissions, calendar: office }
        accounts:
          harbourside_twitter: { platform: twitter, handle: HarboursideCC, id: "900000000000000001", service: customer_services, central: true }
          libraries_twitter: { platform: twitter, handle: HarbourLibraries, id: "900000000000000002", service: libraries }
          leisure_twitter: { platform: twitter, handle: HarbourLeisure, id: "900000000000000003", service: leisure }
          harbourside_facebook: { platform: facebook, handle: HarboursideCouncil, id: "610000000000001", service: customer_services, central: true }
          libraries_facebook: { platform: facebook, handle: HarboursideLibraries, id: "610000000000002", service: libraries }
          leisure_facebook: { platform: facebook, handle: HarboursideLeisure, id: "610000000000003", service: leisure }
          harbourside_youtube: { platform: youtube, handle: HarboursideCouncil, id: UCh4rb0urs1deC0unc1lTV0w, service: customer_services, central: true }
        routing:
          - { service: waste, keywords: [bin, bins, recycling, collection, fly-tipping, fly tipping] }
          - { service: libraries, keywords: [library, libraries, book, books, ebook] }
          - { service: leisure, keywords: [gym, swimming, pool, leisure centre] }
          - { service: highways, keywords: [pothole, potholes, road, streetlight, gritting] }
          - { service: schools, keywords: [school, schools, admissions, term dates] }
        sla:
          targets:
            - { target: 2 working days }
        """
    return try! PipelineConfig.parse(yaml: yaml, file: "harbourside-test.yaml")
}()

/// A finished simulation: where its files are and what it says it wrote.
struct Simulation: Sendable {
    let folder: URL
    let summary: SimulationSummary

    /// Every file written under `subfolder`, sorted, as paths relative to the folder.
    func files(under subfolder: String = "") -> [String] {
        let root = folder.appendingPathComponent(subfolder)
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return paths.filter { path in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.map { subfolder.isEmpty ? $0 : "\(subfolder)/\($0)" }.sorted()
    }

    func data(_ relative: String) -> Data {
        FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path)!
    }

    func json(_ relative: String) throws -> JSONValue {
        try JSONValue.parse(data(relative))
    }

    /// The lines of a JSON Lines file, without the empty one after the last newline.
    func lines(_ relative: String) -> [Substring] {
        String(decoding: data(relative), as: UTF8.self).split(separator: "\n")
    }

    /// Counts the summary gives for `platform` and `record`, by kind.
    func recorded(_ platform: String, _ record: String) -> [String: Int] {
        Dictionary(summary.records.filter { $0.key.platform == platform && $0.key.record == record }.map { ($0.key.kind, $0.value) },
                   uniquingKeysWith: +)
    }

    func malformed(_ platform: String, _ record: String? = nil) -> Int {
        summary.malformed.filter { $0.key.platform == platform && (record == nil || $0.key.record == record) }.values.reduce(0, +)
    }

    func duplicates(_ platform: String, _ record: String? = nil) -> Int {
        summary.duplicates.filter { $0.key.platform == platform && (record == nil || $0.key.record == record) }.values.reduce(0, +)
    }
}

/// Runs each distinct simulation once per test process: several test classes read the same week.
final class Simulations: @unchecked Sendable {
    static let shared = Simulations()
    private let lock = NSLock()
    private var done: [String: Simulation] = [:]

    /// The demo week (Monday 16 to Sunday 22 November 2026, flood on 21–22) at `scale`.
    static func week(seed: UInt64 = 1, scale: Double = 0.3, label: String = "week", adjust: (inout SimulationOptions) -> Void = { _ in }) throws -> Simulation {
        try shared.run(label: "\(label)-\(seed)-\(scale)") { folder in
            var options = SimulationOptions(org: "harbourside", start: CivilDate(year: 2026, month: 11, day: 16), days: 7,
                                            seed: seed, scale: scale, output: folder)
            adjust(&options)
            return options
        }
    }

    func run(label: String, options: (URL) -> SimulationOptions,
             simulate: (SimulationOptions) throws -> SimulationSummary = { try Simulator(config: harbourside, options: $0).run() }) throws -> Simulation {
        lock.lock()
        defer { lock.unlock() }
        if let simulation = done[label] { return simulation }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-simulator-tests/\(label)")
        try? FileManager.default.removeItem(at: folder)
        let summary = try simulate(options(folder))
        let simulation = Simulation(folder: folder, summary: summary)
        done[label] = simulation
        return simulation
    }
}

/// Reads payload files with the project's own reader.
let reader = PayloadReader(config: harbourside, hasher: ActorHasher(secret: Data(repeating: 7, count: 32)))
