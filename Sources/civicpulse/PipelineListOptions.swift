import ArgumentParser
import CivicPulseCore

/// Each council's pipeline, `--pipeline FILE` once per council the database holds (a regional
/// body, a shared service); with none named, the one `PipelineOptions` defaults to. A pipeline
/// names its council's org and holds its time zone, calendars and targets.
struct PipelineListOptions: ParsableArguments {
    @Option(name: .customLong("pipeline"), help: ArgumentHelp(
        "A council's pipeline config, once per council the database holds (default: CIVICPULSE_PIPELINE, else \(PipelineOptions.defaultPath)).",
        valueName: "file"))
    var named: [String] = []

    func validate() throws {
        for path in named { try ArgumentCheck.path(path, "--pipeline") }
    }

    /// The pipelines in the order given; two naming one council is a bad argument.
    func load() throws -> [PipelineConfig] {
        let configs = try (named.isEmpty ? [nil] : named.map(Optional.some)).map(PipelineOptions.load(named:))
        var seen = Set<String>()
        for config in configs where !seen.insert(config.org).inserted {
            throw ValidationError("two pipelines name the council '\(config.org)': give each council's pipeline once")
        }
        return configs
    }
}
