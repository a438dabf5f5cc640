import ArgumentParser
import Foundation

/// `--output FILE [--force]` of the commands that write a file for someone (an export, a
/// subject access answer): checked before any work is done, and never written over unasked.
struct OutputFileOptions: ParsableArguments {
    @Option(name: [.customLong("output"), .customLong("out")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Flag(help: "Replace the --output file if it exists.") var force = false

    func validate() throws {
        if let output {
            try ArgumentCheck.outputFile(output, "--output")
            try ArgumentCheck.newFile(output, "--output", replacing: force)
        }
    }

    /// Writes `data` to the --output file, saying `written` (what it holds) on standard error
    /// unless `quiet`; to standard output when there is no --output.
    func write(_ data: Data, saying written: String, quiet: Bool) throws {
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        try ArgumentCheck.write(data, to: output, "--output", replacing: force)
        if !quiet { printError("wrote \(written) to \(output)") }
    }
}
