import Foundation

/// Output that could not be written (a full disk, a closed pipe, a folder removed meanwhile):
/// one line naming where it was going and the system's reason, and exit status 74 (EX_IOERR
/// of sysexits.h), so that a script can tell lost output from a bad argument (64) or an
/// error of the data (1).
struct OutputFailure: Error, CustomStringConvertible {
    static let exitStatus: Int32 = 74
    /// How standard output is named in the message.
    static let standardOutput = "the output"

    /// Where the output was going: ``standardOutput``, or the argument and its file.
    let destination: String
    let reason: String

    init(writing destination: String, reason: String) {
        self.destination = destination
        self.reason = reason
    }

    init(writing destination: String, errno code: Int32) {
        self.init(writing: destination, reason: String(cString: strerror(code)))
    }

    /// The system's words for a failed write (`No space left on device`), without Foundation's
    /// error domain and codes around them.
    init(writing destination: String, error: Error) {
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError) ?? (error as NSError)
        guard underlying.domain == NSPOSIXErrorDomain else {
            self.init(writing: destination, reason: underlying.localizedDescription)
            return
        }
        self.init(writing: destination, errno: Int32(underlying.code))
    }

    var description: String { "civicpulse: cannot write \(destination): \(reason)" }
}
