import Foundation

extension String {
    /// The text with each NUL (U+0000) replaced by U+FFFD, the replacement character.
    ///
    /// PostgreSQL stores no NUL in `text`, nor a `\u0000` in `jsonb` (SQLSTATE 22021, 22P05),
    /// while JSON may carry one in any string; one such character must cost neither the record
    /// nor the file it came in.
    public var withoutNUL: String {
        guard utf8.contains(0) else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars { scalars.append(scalar == "\0" ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }
}
