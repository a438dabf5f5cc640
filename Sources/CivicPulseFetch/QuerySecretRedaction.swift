import Foundation

/// Takes secrets out of the URLs a body quotes, before it is archived.
///
/// Graph's `paging.next` and `paging.previous` repeat the request's query, `access_token` and
/// `appsecret_proof` included; archived verbatim, every page would hold the Page's token. The
/// value of each such parameter becomes `REDACTED`, byte for byte on the raw body (a cut-short
/// body need not be UTF-8), and nothing else changes: the paging and the data read the same.
enum QuerySecretRedaction {
    static let replacement = Array("REDACTED".utf8)

    /// `body` with the value of every `name=` of `parameters` replaced, up to the next `&`, quote,
    /// backslash (a JSON escape) or white space.
    static func redact(_ body: Data, parameters: [String]) -> Data {
        var bytes = [UInt8](body)
        for parameter in parameters {
            let key = Array("\(parameter)=".utf8)
            var index = 0
            while let start = find(key, in: bytes, from: index) {
                let valueStart = start + key.count
                var valueEnd = valueStart
                while valueEnd < bytes.count, !isEnd(bytes[valueEnd]) { valueEnd += 1 }
                bytes.replaceSubrange(valueStart..<valueEnd, with: replacement)
                index = valueStart + replacement.count
            }
        }
        return Data(bytes)
    }

    private static func isEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "#")
            || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
