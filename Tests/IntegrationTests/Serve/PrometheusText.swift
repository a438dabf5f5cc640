import Foundation

/// A scrape read as Prometheus reads the text format (0.0.4): `# HELP` and `# TYPE` lines, then
/// samples `name{label="value",…} number`. Any other line, a sample with no `# TYPE` before it,
/// or a name against Prometheus's conventions is a failure naming the line.
struct PrometheusText {
    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge"].contains(parts[3]) else { throw Failure(description: "bad TYPE line: \(line)") }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            let sample = try Self.sample(line)
            guard let type = types[sample.name] else { throw Failure(description: "no # TYPE before \(line)") }
            guard sample.name.wholeMatch(of: /civicpulse_[a-z][a-z_]*[a-z]/) != nil else { throw Failure(description: "not a CivicPulse name: \(line)") }
            guard (type == "counter") == sample.name.hasSuffix("_total") else { throw Failure(description: "a counter's name ends in _total, only a counter's: \(line)") }
            samples.append(sample)
        }
    }

    /// The value of the one sample named `name` with exactly `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    func has(_ name: String) -> Bool {
        samples.contains { $0.name == name }
    }

    private static func sample(_ line: String) throws -> Sample {
        guard let match = line.wholeMatch(of: /([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/), let value = Double(match.3) else {
            throw Failure(description: "not a sample: \(line)")
        }
        var labels: [String: String] = [:]
        if let list = match.2 {
            for pair in list.matches(of: /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/) {
                labels[String(pair.1)] = String(pair.2)
            }
            guard list.replacing(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/, with: "").isEmpty else {
                throw Failure(description: "bad labels: \(line)")
            }
        }
        return Sample(name: String(match.1), labels: labels, value: value)
    }
}
