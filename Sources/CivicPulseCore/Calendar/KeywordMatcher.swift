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
    /// one of them appears, case aside, wherever a term matches (see ``mayMatch(ascii:)``).
    private let asciiKeys: [[UInt8]]

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
        asciiKeys = Set(byFirstWord.keys).union(byHashtag.keys).filter { $0.utf8.allSatisfy { $0 < 0x80 } }.sorted().map { Array($0.utf8) }
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
        var text = text
        let verdict = text.withUTF8 { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "_") }) else { return nil }
            return mayMatch(ascii: bytes) ? nil : false
        }
        return verdict ?? matches(KeywordText(text))
    }

    /// Whether some key appears in this ASCII text without underscores, case aside: a quick
    /// "no" for most messages, which have no emergency keyword (splitting every message into
    /// words to find out was a seventh of the processor's CPU).
    ///
    /// Exact for such text: its words and hashtag bodies are runs of its own bytes lower-cased
    /// (only underscores are dropped from hashtags, and only non-ASCII letters lower-case to
    /// something else), so a matching word, phrase or hashtag contains a key as it stands.
    private func mayMatch(ascii bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !asciiKeys.isEmpty else { return false }
        let lowered = bytes.map { (65...90).contains($0) ? $0 | 0x20 : $0 }
        return asciiKeys.contains { key in
            guard key.count <= lowered.count else { return false }
            return (0...(lowered.count - key.count)).contains { start in
                lowered[start] == key[0] && key.indices.allSatisfy { lowered[start + $0] == key[$0] }
            }
        }
    }

    /// For text that several matchers read: it is split into words once.
    public func matches(_ text: KeywordText) -> Bool {
        !matchedTermIndices(in: text.tokens, stopAtFirst: true).isEmpty
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

/// Text split into the words and hashtags matchers compare, once for every matcher that reads it:
/// a message is read by each topic's include and exclude terms and by the routing rules, and
/// splitting it again for each was a tenth of ingest's CPU (docs/performance.md).
public struct KeywordText: Sendable {
    let tokens: [KeywordTokenizer.Token]

    public init(_ text: String) {
        tokens = KeywordTokenizer.tokens(in: text)
    }
}
