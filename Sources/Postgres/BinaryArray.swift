import Foundation

/// A one-dimensional array parameter in PostgreSQL's binary array format, interpolated into a
/// ``Query`` like any value (`WHERE event_id = ANY(\(BinaryArray(ids)))`) and sent with its type.
///
/// Elements are `uuid`, `bytea`, `text` and `int8` (``BinaryArrayElement``).
///
/// Sent as text, an array is parsed by the server's `array_in` character by character, every
/// element's quotes and hex digits included: 6 % of ingest's backend samples, for the residents'
/// keyed hashes and the messages a deletion may reach (docs/performance.md). In binary, each
/// element is a length and its bytes, which the server copies.
///
/// The format is `array_recv`'s: ndim, a flag telling whether any element is NULL, the element
/// type's OID, then for each dimension its length and lower bound (1), then each element as its
/// length (-1 for NULL) and bytes. An empty array has no dimension, as the server sends one.
public struct BinaryArray: Sendable, Equatable {
    /// The array type's OID (`uuid[]` is 2951), sent as the parameter's type: the server then
    /// needs no cast to know it, and refuses elements of another type.
    public let type: UInt32
    /// The parameter's value, as `array_recv` reads it.
    public let bytes: [UInt8]

    public init<Element: BinaryArrayElement>(_ elements: some Collection<Element>) {
        self.init(Element.self, count: elements.count, hasNull: false) { bytes in
            for element in elements { Self.append(element, to: &bytes) }
        }
    }

    /// NULL elements are sent as such (length -1).
    public init<Element: BinaryArrayElement>(_ elements: some Collection<Element?>) {
        self.init(Element.self, count: elements.count, hasNull: elements.contains { $0 == nil }) { bytes in
            for element in elements {
                guard let element else {
                    Self.append(Int32(-1), to: &bytes)
                    continue
                }
                Self.append(element, to: &bytes)
            }
        }
    }

    private init<Element: BinaryArrayElement>(_: Element.Type, count: Int, hasNull: Bool, elements: (inout [UInt8]) -> Void) {
        type = Element.postgresArrayType
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + count * (4 + (Element.binaryLength ?? 16)))
        Self.append(Int32(count == 0 ? 0 : 1), to: &bytes)
        Self.append(Int32(hasNull ? 1 : 0), to: &bytes)
        Self.append(Element.postgresType, to: &bytes)
        if count > 0 {
            Self.append(Int32(count), to: &bytes)
            Self.append(Int32(1), to: &bytes)
        }
        elements(&bytes)
        self.bytes = bytes
    }

    private static func append(_ element: some BinaryArrayElement, to bytes: inout [UInt8]) {
        let start = bytes.count
        append(Int32(0), to: &bytes)
        element.appendBinary(to: &bytes)
        let length = Int32(bytes.count - start - 4).bigEndian
        withUnsafeBytes(of: length) { bytes.replaceSubrange(start..<start + 4, with: $0) }
    }

    /// `value` in network byte order, as every integer of the format is.
    private static func append(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// A Swift value that can be an element of a ``BinaryArray``: its PostgreSQL type and the bytes
/// of that type's binary format (`uuid_send`, `byteasend`, …).
public protocol BinaryArrayElement: Sendable {
    /// The element type's OID.
    static var postgresType: UInt32 { get }
    /// The OID of the array type of it.
    static var postgresArrayType: UInt32 { get }
    /// Every element's length, when all have the same: reserves the array's bytes at once.
    static var binaryLength: Int? { get }
    func appendBinary(to bytes: inout [UInt8])
}

extension BinaryArrayElement {
    public static var binaryLength: Int? { nil }
}

/// `uuid`: its 16 bytes.
extension UUID: BinaryArrayElement {
    public static let postgresType: UInt32 = 2950
    public static let postgresArrayType: UInt32 = 2951
    public static var binaryLength: Int? { 16 }
    public func appendBinary(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { bytes.append(contentsOf: $0) }
    }
}

/// `int8`: its eight bytes, big-endian (log positions).
extension Int64: BinaryArrayElement {
    public static let postgresType: UInt32 = 20
    public static let postgresArrayType: UInt32 = 1016
    public static var binaryLength: Int? { 8 }
    public func appendBinary(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// `bytea`: its bytes, with no hex.
extension Data: BinaryArrayElement {
    public static let postgresType: UInt32 = 17
    public static let postgresArrayType: UInt32 = 1001
    public func appendBinary(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: self)
    }
}

/// `text`: its UTF-8, with no quoting or escapes.
extension String: BinaryArrayElement {
    public static let postgresType: UInt32 = 25
    public static let postgresArrayType: UInt32 = 1009
    public func appendBinary(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: utf8)
    }
}
