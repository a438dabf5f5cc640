// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over the main package (docs/chaos-and-fuzzing.md). A package of its own: every
// module of a fuzz build is compiled with `-sanitize=fuzzer,address`, so it needs its own build
// folder anyway, and `swift build` in the main package neither sees nor pays for these targets.
// Build and run them with scripts/fuzz.
let package = Package(
    name: "CivicPulseFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "CivicPulse", path: "..")],
    targets: [
        // JSONValue.parse, and that what the log stores of a parsed value parses again to the same text.
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "CivicPulseCore", package: "CivicPulse")]),
        // One input through every reader: detection, each payload family, each column mapping.
        .executableTarget(
            name: "FuzzReaders",
            dependencies: [
                .product(name: "CivicPulseCore", package: "CivicPulse"),
                .product(name: "CivicPulseIngest", package: "CivicPulse"),
            ]
        ),
    ]
)
