import Foundation

/// Rows as JSON Lines, as the exports write them: one object per line, every key present (null
/// when empty), each as the JSON reports write it.
public func reportJSONLines(_ rows: [some Encodable]) throws -> String {
    try rows.map { try reportJSON($0, oneLine: true) + "\n" }.joined()
}

/// The JSON every report writes: sorted keys, ISO 8601 instants, so output diffs cleanly, and
/// every optional left empty written as `null`, not left out (but for the few keys a part names
/// `OmittedWhenNil`).
///
/// A machine reading a report wants the same keys every time (docs/summary.md), but
/// `JSONEncoder` drops a nil optional: synthesised `Encodable` conformances call
/// `encodeIfPresent`. This writes the value into a tree first, keeping those nils, and encodes
/// the tree, so dates and numbers print as `JSONEncoder` prints them. `oneLine` writes it
/// without line breaks, for JSON Lines.
func reportJSON(_ value: some Encodable, oneLine: Bool = false) throws -> String {
    let root = Slot()
    try root.store(value, at: [])
    let encoder = JSONEncoder()
    encoder.outputFormatting = oneLine ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(Formatting.instant(date))
    }
    return String(decoding: try encoder.encode(root), as: UTF8.self)
}

/// A report part with keys written only when they hold a value: a key added for a rare case
/// (a gap in the data), so that the report of every other period reads as it did before.
protocol OmittedWhenNil {
    static var omittedWhenNil: Set<String> { get }
}

/// One value of the tree: null, a value `JSONEncoder` prints itself, or an object or array of slots.
private final class Slot: Encodable {
    private enum Content {
        case null, leaf(any Encodable), object([String: Slot]), array([Slot])
    }

    private var content = Content.null

    /// Keeps `value`; numbers, strings, dates and the like stay whole, for `JSONEncoder`'s own
    /// printing of them (its date strategy applies only to a `Date` it is given as one).
    func store(_ value: some Encodable, at path: [CodingKey]) throws {
        switch value {
        case is String, is Bool, is Int, is Int8, is Int16, is Int32, is Int64, is UInt, is UInt8, is UInt16, is UInt32, is UInt64,
             is Double, is Float, is Decimal, is Date, is URL, is Data:
            content = .leaf(value)
        default:
            try value.encode(to: SlotEncoder(slot: self, codingPath: path))
            if let omitting = value as? any OmittedWhenNil { dropNulls(type(of: omitting).omittedWhenNil) }
        }
    }

    /// Leaves out the members named in `keys` that hold `null`.
    private func dropNulls(_ keys: Set<String>) {
        guard case .object(let members) = content else { return }
        content = .object(members.filter { key, slot in
            guard keys.contains(key), case .null = slot.content else { return true }
            return false
        })
    }

    func clear() {
        content = .null
    }

    /// A new member `key` of this object (this slot becomes an object if it was not one).
    func member(_ key: CodingKey) -> Slot {
        var members: [String: Slot] = [:]
        if case .object(let existing) = content { members = existing }
        let slot = Slot()
        members[key.stringValue] = slot
        content = .object(members)
        return slot
    }

    /// A new last element of this array (this slot becomes an array if it was not one).
    func appended() -> Slot {
        var items: [Slot] = []
        if case .array(let existing) = content { items = existing }
        let slot = Slot()
        items.append(slot)
        content = .array(items)
        return slot
    }

    func beginObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func beginArray() {
        if case .array = content { return }
        content = .array([])
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }

    func encode(to encoder: Encoder) throws {
        switch content {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .leaf(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .object(let members):
            try members.encode(to: encoder)
        case .array(let items):
            try items.encode(to: encoder)
        }
    }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.beginObject()
        return KeyedEncodingContainer(Members(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        slot.beginArray()
        return Items(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        Single(slot: slot, codingPath: codingPath)
    }
}

/// An object's members. `encodeIfPresent` writes a nil as `null` (an `Optional` encodes itself
/// so); the primitive overloads are spelt out because the standard library's defaults for them
/// would otherwise be chosen, and skip the nil.
private struct Members<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    var codingPath: [CodingKey]

    mutating func encodeNil(forKey key: Key) throws { _ = slot.member(key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try slot.member(key).store(value, at: codingPath + [key]) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encode(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encode(value, forKey: key) }

    mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
        SlotEncoder(slot: slot.member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { superEncoder(named: IndexKey(stringValue: "super")) }
    mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder(named: key) }

    private func superEncoder(named key: CodingKey) -> Encoder {
        SlotEncoder(slot: slot.member(key), codingPath: codingPath + [key])
    }
}

/// An array's elements, in order.
private struct Items: UnkeyedEncodingContainer {
    let slot: Slot
    var codingPath: [CodingKey]
    var count: Int { slot.count }

    mutating func encodeNil() throws { _ = slot.appended() }
    mutating func encode<T: Encodable>(_ value: T) throws { try next { try $0.store(value, at: $1) } }

    mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) -> KeyedEncodingContainer<N> {
        next { SlotEncoder(slot: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        next { SlotEncoder(slot: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superEncoder() -> Encoder { next { SlotEncoder(slot: $0, codingPath: $1) } }

    /// Hands `body` a new last element and its coding path.
    private func next<Result>(_ body: (Slot, [CodingKey]) throws -> Result) rethrows -> Result {
        let path = codingPath + [IndexKey(intValue: count)]
        return try body(slot.appended(), path)
    }
}

private struct Single: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [CodingKey]

    mutating func encodeNil() throws { slot.clear() }
    mutating func encode<T: Encodable>(_ value: T) throws { try slot.store(value, at: codingPath) }
}

/// A coding-path entry for an array element, or `super` for a superclass's encoder.
private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    init(stringValue: String) {
        self.stringValue = stringValue
    }
}
