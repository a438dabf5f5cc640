import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a file could not be read, in words that finish a sentence: Foundation's own errors print
/// as "The operation could not be completed. (NSCocoaErrorDomain error 256.)", which tells the
/// user nothing to act on.
public enum UnreadableFile {
    /// "no such file or directory", "it is a folder, not a file", "permission denied", …
    public static func reason(_ path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { return systemMessage(errno) }
        if status.st_mode & S_IFMT == S_IFDIR { return "it is a folder, not a file" }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return systemMessage(errno) }
        close(descriptor)
        return "it could not be read"
    }

    /// The system's message for `code`, lower-cased to go after a colon ("permission denied").
    public static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
