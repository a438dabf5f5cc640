// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CivicPulse",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "civicpulse", targets: ["civicpulse"]),
        // For the fuzz targets in fuzz/, a package of their own so that their sanitizer build stays out of this one.
        .library(name: "CivicPulseCore", targets: ["CivicPulseCore"]),
        .library(name: "CivicPulseIngest", targets: ["CivicPulseIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // serve's /metrics in Prometheus's text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libpq, exactly as Debian's libpq-dev installs it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Our small PostgreSQL client over libpq: connections, binds, rows, COPY, LISTEN.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        // The pure core: events, config, time, calendars and response logic. No database.
        .target(
            name: "CivicPulseCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The event log, projections' tables and migrations in PostgreSQL; the embedded cluster.
        .target(name: "CivicPulseStore", dependencies: ["CivicPulseCore", "CivicPulsePrivacy", "Postgres"], resources: [.copy("SQL")]),
        // Residents' pseudonyms, per-message keys and the erasure register: owns the privacy.* tables
        // (docs/privacy.md). Forgetting destroys keys there; the append-only log is never touched.
        .target(
            name: "CivicPulsePrivacy",
            dependencies: ["CivicPulseCore", "CivicPulseReadModel", "Postgres", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Platform payloads -> normalised events, and the batch that appends them.
        .target(name: "CivicPulseIngest", dependencies: ["CivicPulseCore", "CivicPulseStore", "CivicPulsePrivacy", .product(name: "SwiftCSV", package: "SwiftCSV")]),
        // The read model: owns every projections.* table and the checkpoint; the processor writes
        // through it and reports read through it.
        .target(name: "CivicPulseReadModel", dependencies: ["CivicPulseCore", "Postgres", .product(name: "Crypto", package: "swift-crypto")]),
        // Follows the log and keeps projections current.
        .target(name: "CivicPulseProcessor", dependencies: ["CivicPulseCore", "CivicPulseStore", "CivicPulsePrivacy", "CivicPulseReadModel", "Postgres"]),
        // Writes realistic platform payload files for a fictional council (demo data, load tests).
        .target(name: "CivicPulseSimulator", dependencies: ["CivicPulseCore"]),
        // Dashboards and summaries, as text and JSON.
        .target(name: "CivicPulseReports", dependencies: ["CivicPulseCore", "CivicPulseStore", "CivicPulseReadModel", "CivicPulsePrivacy", "Postgres"]),
        // Polls the platforms' APIs: every response archived, then ingested as `ingest` would.
        .target(
            name: "CivicPulseFetch",
            dependencies: [
                "CivicPulseCore", "CivicPulseStore", "CivicPulseIngest", "Postgres",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Platform webhooks over HTTP: each delivery archived, ingested as `ingest` would, and committed before its 200.
        .target(
            name: "CivicPulseServe",
            dependencies: [
                "CivicPulseCore", "CivicPulseStore", "CivicPulseIngest", "CivicPulseFetch", "CivicPulseReports", "CivicPulseReadModel", "CivicPulsePrivacy",
                "Postgres", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "civicpulse",
            dependencies: [
                "CivicPulseCore", "CivicPulseStore", "CivicPulseIngest", "CivicPulseFetch", "CivicPulseServe",
                "CivicPulseProcessor", "CivicPulseReports", "CivicPulseSimulator", "CivicPulsePrivacy", "Postgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "CivicPulseCoreTests", dependencies: ["CivicPulseCore"]),
        .testTarget(name: "CivicPulseIngestTests", dependencies: ["CivicPulseCore", "CivicPulseIngest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CivicPulseSimulatorTests", dependencies: ["CivicPulseCore", "CivicPulseIngest", "CivicPulseSimulator"]),
        .testTarget(name: "ServeTests", dependencies: ["CivicPulseServe"]),
        // The processor's projections step by step over the in-memory read model: no PostgreSQL.
        .testTarget(name: "ProcessorTests", dependencies: ["CivicPulseCore", "CivicPulseReadModel", "CivicPulseProcessor"]),
        .testTarget(name: "PrivacyTests", dependencies: ["CivicPulseCore", "CivicPulsePrivacy"]),
        .testTarget(
            name: "FetchTests",
            dependencies: ["CivicPulseCore", "CivicPulseIngest", "CivicPulseFetch"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Postgres", "CivicPulseCore", "CivicPulseStore", "CivicPulseIngest", "CivicPulseProcessor", "CivicPulseReadModel", "CivicPulseReports",
                "CivicPulsePrivacy",
                // Signs the deliveries serve's tests post.
                .product(name: "Crypto", package: "swift-crypto"),
                // The stand-in X API that fetch's tests talk to on 127.0.0.1.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
