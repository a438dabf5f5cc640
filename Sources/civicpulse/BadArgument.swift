import ArgumentParser
import CivicPulseCore
import Foundation

/// Bad arguments that only `run()` can see (a time read in the org's zone, a spike id the
/// database does not know): one line on standard error and exit status 64, as for the checks in
/// `validate()`. A `ValidationError` thrown from `run()` is followed by the usage of the top
/// command (`civicpulse <subcommand>`), which is no help to someone who mistyped an id.
enum BadArgument {
    /// Writes `Error: <message>` to standard error and returns the exit status to throw.
    static func exit(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        return .validationFailure
    }
}

extension PipelineConfig {
    /// Refuses a `--service` the pipeline does not name, listing the ones it does.
    func refuseUnknownService(_ id: String?) throws {
        guard let id, service(id) == nil else { return }
        throw BadArgument.exit("unknown service '\(id)' (services: \(services.map(\.id).joined(separator: ", ")))")
    }
}
