import ArgumentParser
import Foundation

/// `--output FILE [--force]` (or `--out`) of every command that writes a file for someone (an
/// export, a subject access answer, the weekly summary): checked before any work is done, and
/// written by ``OutputFile``, never over a file unasked nor over anything but a file.
struct OutputFileOptions: ParsableArguments {
    @Option(name: [.customLong("output"), .customLong("out")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Flag(help: "Replace the --output file if it exists.") var force = false

    func validate() throws {
        if let output { try OutputFile.check(output, "--output", replacing: force) }
    }

    /// Writes `text` to the --output file, saying `written` (what it holds) on standard error
    /// unless `quiet`; to standard output when there is no --output. Every such file can hold
    /// residents' data (links, message ids, their messages), so a new one is the owner's alone.
    func write(_ text: String, saying written: String, quiet: Bool) throws {
        try OutputFile.write(text, to: output, "--output", replacing: force, personal: true, saying: written, quiet: quiet)
    }
}
