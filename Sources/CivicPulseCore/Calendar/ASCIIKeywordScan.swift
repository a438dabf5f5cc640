import Foundation

/// ``KeywordMatcher``'s terms matched in one pass over the bytes of ASCII text, with no string
/// made for its words: the words and hashtags are those ``KeywordTokenizer`` finds, read where
/// they lie in the text, and only compared with a term whose first word (or hashtag body)
/// starts with the same letter.
///
/// Splitting each message into lower-cased `String` words to ask whether it held an emergency
/// keyword was 3 % of a rebuild's client samples, and the quick check before it could rarely
/// say no: a term's first word such as `no` (`no heating`) is inside most messages.
struct ASCIIKeywordScan: Sendable {
    /// A word or phrase term: its first word, then the words that must follow.
    private struct Phrase: Sendable {
        var first: [UInt8]
        var rest: [[UInt8]]
    }

    /// Word and phrase terms by the first byte of their first word.
    private let phrases: [[Phrase]]
    /// Hashtag bodies that match, by their first byte.
    private let hashtags: [[[UInt8]]]

    /// - Parameters:
    ///   - phrases: each word or phrase term's words, lower-cased.
    ///   - hashtags: the hashtag bodies that match, lower-cased, without `#` or underscores.
    init(phrases: [[String]], hashtags: [String]) {
        var byFirst = [[Phrase]](repeating: [], count: 128)
        for words in phrases {
            guard let first = words.first, let byte = first.utf8.first, byte < 0x80 else { continue }
            byFirst[Int(byte)].append(Phrase(first: Array(first.utf8), rest: words.dropFirst().map { Array($0.utf8) }))
        }
        var tags = [[[UInt8]]](repeating: [], count: 128)
        for body in hashtags {
            guard let byte = body.utf8.first, byte < 0x80 else { continue }
            tags[Int(byte)].append(Array(body.utf8))
        }
        self.phrases = byFirst
        self.hashtags = tags
    }

    /// Whether a term matches `lowered`: ASCII text with A–Z lower-cased (``KeywordText``).
    func matches(_ lowered: [UInt8]) -> Bool {
        lowered.withUnsafeBufferPointer { text in
            var index = 0
            while let token = Self.token(in: text, from: &index) {
                guard let first = token.firstByte(in: text) else { continue }
                if token.isHashtag, hashtags[first].contains(where: { token.equals($0, in: text) }) { return true }
                for phrase in phrases[first] where token.equals(phrase.first, in: text) {
                    var next = index
                    if phrase.rest.allSatisfy({ word in Self.token(in: text, from: &next)?.equals(word, in: text) == true }) { return true }
                }
            }
            return false
        }
    }

    /// A word or hashtag body: where it lies in the text.
    private struct Token {
        var start: Int
        var end: Int
        var isHashtag: Bool

        /// The first byte of its text (a hashtag's underscores are not part of it).
        func firstByte(in text: UnsafeBufferPointer<UInt8>) -> Int? {
            (start..<end).first { text[$0] != ASCIIKeywordScan.underscore }.map { Int(text[$0]) }
        }

        /// Whether its text is `word`: a hashtag's with its underscores dropped, as the tokenizer's.
        func equals(_ word: [UInt8], in text: UnsafeBufferPointer<UInt8>) -> Bool {
            if !isHashtag {
                return end - start == word.count && word.withUnsafeBufferPointer { memcmp(text.baseAddress! + start, $0.baseAddress!, word.count) == 0 }
            }
            var matched = 0
            for index in start..<end where text[index] != ASCIIKeywordScan.underscore {
                guard matched < word.count, text[index] == word[matched] else { return false }
                matched += 1
            }
            return matched == word.count
        }
    }

    /// The next word or hashtag from `index` on, skipping @mentions and web addresses as
    /// ``KeywordTokenizer/tokens(in:)`` does, byte for scalar; `index` moves past it.
    private static func token(in text: UnsafeBufferPointer<UInt8>, from index: inout Int) -> Token? {
        let count = text.count
        while index < count {
            let byte = text[index]
            let previousIsWord = index > 0 && isWord(text[index - 1])
            let next = index + 1 < count ? text[index + 1] : space
            if byte == hash || byte == at, !previousIsWord, isWord(next) || next == underscore {
                let start = index + 1
                index = start
                while index < count, isWord(text[index]) || text[index] == underscore { index += 1 }
                // A hashtag is kept unless it is all underscores; an @mention is skipped.
                if byte == hash, (start..<index).contains(where: { text[$0] != ASCIIKeywordScan.underscore }) {
                    return Token(start: start, end: index, isHashtag: true)
                }
            } else if isWord(byte), !previousIsWord, startsAddress(text, at: index) {
                while index < count, !isWhitespace(text[index]) { index += 1 }
            } else if isWord(byte) {
                let start = index
                while index < count, isWord(text[index]) { index += 1 }
                return Token(start: start, end: index, isHashtag: false)
            } else {
                index += 1
            }
        }
        return nil
    }

    private static let underscore = UInt8(ascii: "_"), hash = UInt8(ascii: "#"), at = UInt8(ascii: "@"), space = UInt8(ascii: " ")
    private static let addressPrefixes = ["http://", "https://", "www."].map { Array($0.utf8) }

    /// Letters and digits; the text is lower-cased, but either case counts, as in the tokenizer.
    private static func isWord(_ byte: UInt8) -> Bool {
        byte &- 48 < 10 || byte &- 97 < 26 || byte &- 65 < 26
    }

    /// Unicode's white space within ASCII: tab to carriage return, and space.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte &- 9 < 5 || byte == space
    }

    private static func startsAddress(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        addressPrefixes.contains { prefix in
            index + prefix.count <= text.count && prefix.indices.allSatisfy { text[index + $0] == prefix[$0] }
        }
    }
}
