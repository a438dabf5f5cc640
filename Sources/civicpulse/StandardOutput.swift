import Foundation

/// The one way every command writes to standard output: each write goes out at once and its
/// failure is thrown, and ``finish()`` checks what a library left buffered before the process
/// exits.
///
/// `print` buffers and never reports a failed write, so a report into a full disk or a closed
/// pipe was lost with exit status 0; `FileHandle.write(_:)` traps on one (`try!` inside
/// Foundation), a crash with a backtrace. Both reach the user here as one ``OutputFailure``.
enum StandardOutput {
    /// Writes `text` at once, unbuffered, so that a line is out before the next one on standard
    /// error (ingest's files, fetch's rounds) and a failure is known at the write that met it.
    static func write(_ text: String) throws(OutputFailure) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw OutputFailure(writing: OutputFailure.standardOutput, error: error)
        }
    }

    /// Writes `text` and a line break.
    static func line(_ text: String) throws(OutputFailure) {
        try write(text + "\n")
    }

    /// Flushes what `print` left buffered (argument-parser's help),
    /// which would otherwise be lost at exit without a word when it cannot be written.
    static func finish() throws(OutputFailure) {
        if fflush(nil) != 0 { throw OutputFailure(writing: OutputFailure.standardOutput, errno: errno) }
    }
}
