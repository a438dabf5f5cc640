import Foundation

/// Finds terms, phrases and hashtags in social-media text on whole-word boundaries.
///
/// Text and terms are split into words the same way: runs of letters and digits (any script;
/// accents and other combining marks stay part of their letter), compared case-insensitively
/// (Unicode lower-casing, so `FLOOD`, `Flood` and `flood` agree, and `Ŵ` matches `ŵ`).
/// Accents are not folded: Welsh `tân` (fire) is not `tan`.
///
/// - A word term (`flood`) matches that word, also as a hashtag (`#Flood`), but never part of
///   a longer word (`floodlight`) — list inflections you want (`flooding`) as terms.
/// - A phrase (`road closed`) matches those words in a row, whatever separates them
///   (`Road-Closed`), or one hashtag spelling them together (`#RoadClosed`, `#road_closed`).
/// - A hashtag term (`#flood`) matches only that hashtag.
/// - @mentions and web addresses (from `http://`, `https://` or `www.` to the next space) are
///   skipped: `@FloodTeam` and `https://example.gov.uk/flood` say nothing about the subject.
public struct KeywordMatcher: Sendable {
    /// The terms as configured, in order.
    public let terms: [String]
    /// Word and phrase terms by their first word: (remaining words, index into `terms`).
    private let byFirstWord: [String: [(rest: [String], term: Int)]]
    /// Hashtag bodies that match: a hashtag term's body, or a phrase's words run together.
    private let byHashtag: [String: [Int]]
    /// The first words and hashtag bodies that are ASCII: in ASCII text without underscores,
    /// one of them appears, case aside, wherever a term matches (see `mayMatch`).
    private let asciiKeys: [[UInt8]]
    /// Whether some first word or hashtag body is not ASCII: only text with non-ASCII letters can match it.
    private let hasOtherKeys: Bool
    /// The terms matched in ASCII text without splitting it into strings.
    private let asciiScan: ASCIIKeywordScan

    public init(_ terms: [String]) {
        self.terms = terms
        var byFirstWord: [String: [(rest: [String], term: Int)]] = [:]
        var byHashtag: [String: [Int]] = [:]
        for (index, term) in terms.enumerated() {
            let tokens = KeywordTokenizer.tokens(in: term)
            guard let first = tokens.first else { continue }
            if tokens.count == 1, first.isHashtag {
                byHashtag[first.text, default: []].append(index)
                continue
            }
            byFirstWord[first.text, default: []].append((tokens.dropFirst().map(\.text), index))
            if tokens.count > 1 {
                byHashtag[tokens.map(\.text).joined(), default: []].append(index)
            }
        }
        self.byFirstWord = byFirstWord
        self.byHashtag = byHashtag
        let keys = Set(byFirstWord.keys).union(byHashtag.keys)
        asciiKeys = keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.sorted().map { Array($0.utf8) }
        hasOtherKeys = asciiKeys.count < keys.count
        asciiScan = ASCIIKeywordScan(phrases: byFirstWord.flatMap { first, candidates in candidates.map { [first] + $0.rest } },
                                     hashtags: Array(byHashtag.keys))
    }

    /// Why a term can never match (nothing but punctuation, or a mention or address), or nil.
    public static func problem(with term: String) -> String? {
        let tokens = KeywordTokenizer.tokens(in: term)
        if tokens.isEmpty { return "'\(term)' has no letters or digits to match" }
        if tokens.count > 1, tokens.contains(where: \.isHashtag) {
            return "'\(term)' mixes a hashtag with other words; give the hashtag and the phrase as separate terms"
        }
        return nil
    }

    public func matches(_ text: String) -> Bool {
        matches(KeywordText(text))
    }

    /// For text that several matchers read: it is scanned once, and split into words once,
    /// only when a matcher cannot say no from the scan and the text is not ASCII throughout.
    public func matches(_ text: KeywordText) -> Bool {
        guard mayMatch(text) else { return false }
        if !text.hasNonASCII { return asciiScan.matches(text.lowered) }
        return !matchedTermIndices(in: text.tokens, stopAtFirst: true).isEmpty
    }

    /// Whether a key appears in the text, case aside: a quick "no" for most messages, which are
    /// on no topic and hold no emergency keyword (splitting every message into words to find
    /// out was a seventh of the processor's CPU and a tenth of ingest's). Says "maybe" for text
    /// it cannot judge.
    ///
    /// Exact: a key outside ASCII can only be found in text outside ASCII (then: maybe); a word
    /// or hashtag that equals an ASCII key is a run of the text's own bytes with A–Z lower-cased,
    /// since no letter outside ASCII lower-cases into ASCII but the Kelvin sign (then: maybe);
    /// only a hashtag's underscores are dropped from it (then: maybe); and a match contains a key
    /// as it stands (a term's first word, or a hashtag body).
    private func mayMatch(_ text: KeywordText) -> Bool {
        if text.lowered.isEmpty { return false }
        if hasOtherKeys, text.hasNonASCII { return true }
        if asciiKeys.isEmpty { return false }
        if text.mayHideKeys { return true }
        return text.lowered.withUnsafeBufferPointer { lowered in asciiKeys.contains { Self.find($0, in: lowered) } }
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress, let first = needle.first, needle.count <= haystack.count else { return false }
        let lastStart = base + (haystack.count - needle.count)
        var from = base
        while from <= lastStart, let hit = memchr(from, Int32(first), lastStart - from + 1) {
            let start = hit.assumingMemoryBound(to: UInt8.self)
            if memcmp(start, needle, needle.count) == 0 { return true }
            from = UnsafePointer(start) + 1
        }
        return false
    }

    /// The terms found in `text`, each once, in the order of ``terms``.
    public func matchedTerms(in text: String) -> [String] {
        matchedTermIndices(in: KeywordTokenizer.tokens(in: text), stopAtFirst: false).sorted().map { terms[$0] }
    }

    private func matchedTermIndices(in tokens: [KeywordTokenizer.Token], stopAtFirst: Bool) -> Set<Int> {
        var found: Set<Int> = []
        for (position, token) in tokens.enumerated() {
            if token.isHashtag, let terms = byHashtag[token.text] {
                found.formUnion(terms)
            }
            for candidate in byFirstWord[token.text] ?? [] where position + candidate.rest.count < tokens.count {
                let following = tokens[(position + 1)...].prefix(candidate.rest.count)
                if zip(following, candidate.rest).allSatisfy({ $0.text == $1 }) {
                    found.insert(candidate.term)
                }
            }
            if stopAtFirst, !found.isEmpty { return found }
        }
        return found
    }
}

/// Text as matchers read it, once for every matcher that reads it: a message is read by each
/// topic's include and exclude terms and by the routing rules, and splitting it again for each
/// was a tenth of ingest's CPU (docs/performance.md).
///
/// Not `Sendable`: its words are split on first use, by the thread that reads it.
public struct KeywordText {
    /// The text's bytes with A–Z lower-cased, for the quick check.
    let lowered: [UInt8]
    let hasNonASCII: Bool
    /// An underscore or a Kelvin sign, which can hide a key from the quick check.
    let mayHideKeys: Bool
    private let words: Words

    public init(_ text: String) {
        var lowered = Array(text.utf8)
        var hasNonASCII = false
        for index in lowered.indices {
            let byte = lowered[index]
            if byte &- 65 < 26 { lowered[index] = byte | 0x20 } else if byte >= 0x80 { hasNonASCII = true }
        }
        self.lowered = lowered
        self.hasNonASCII = hasNonASCII
        mayHideKeys = lowered.contains(UInt8(ascii: "_"))
            || (hasNonASCII && (0..<max(0, lowered.count - 2)).contains { lowered[$0] == 0xE2 && lowered[$0 + 1] == 0x84 && lowered[$0 + 2] == 0xAA })
        words = Words(text)
    }

    var tokens: [KeywordTokenizer.Token] { words.tokens }

    private final class Words {
        let text: String
        lazy var tokens = KeywordTokenizer.tokens(in: text)

        init(_ text: String) {
            self.text = text
        }
    }
}
