import CivicPulseCore
import Foundation

/// Reading the pieces of Graph ids and people that every Facebook payload shares.
enum FacebookIDs {
    /// Graph object ids: digits, or digit groups joined by `_` (`<page>_<post>`, `<post>_<comment>`).
    static func isGraphID(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: "_", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)
        }
    }

    /// `A` of `A_B`: the page of a post id, the post of a comment id.
    static func owner(of id: String) -> String? {
        guard let underscore = id.firstIndex(of: "_") else { return nil }
        return String(id[..<underscore])
    }

    /// `B` of `A_B`: the object's own number.
    static func local(_ id: String) -> String {
        id.lastIndex(of: "_").map { String(id[id.index(after: $0)...]) } ?? id
    }

    /// `from{id,name}`, or the older webhook `sender_id` (a number) with `sender_name`.
    static func person(from record: JSONValue) -> FacebookItem.Person? {
        if let from = record["from"], let id = from["id"]?.idString, !id.isEmpty {
            return .init(id: id, name: from["name"]?.stringValue)
        }
        if let id = record["sender_id"]?.idString, !id.isEmpty {
            return .init(id: id, name: record["sender_name"]?.stringValue)
        }
        return nil
    }

    /// `message_tags`, split into people and Pages (`type: user|page`; untyped tags count as people).
    static func tags(in record: JSONValue) -> (people: [FacebookItem.Person], pages: [FacebookItem.Person]) {
        var people: [FacebookItem.Person] = [], pages: [FacebookItem.Person] = []
        for tag in record["message_tags"]?.arrayValue ?? [] {
            guard let id = tag["id"]?.idString else { continue }
            let person = FacebookItem.Person(id: id, name: tag["name"]?.stringValue)
            if tag["type"]?.stringValue == "page" { pages.append(person) } else { people.append(person) }
        }
        return (people, pages)
    }

    /// Epoch seconds, or milliseconds as Messenger sends them (anything past the year 5000 in seconds).
    static func epochDate(_ value: JSONValue) -> Date? {
        if let number = value.doubleValue, number > 100_000_000_000 {
            return Date(timeIntervalSince1970: number / 1000)
        }
        return PlatformTimestamp.parse(value)
    }

    /// A stable, short, non-reversible stand-in for a person inside ids: the first 16 bytes of their hash, in hex.
    static func hex(_ hash: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: hash.prefix(16).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}
