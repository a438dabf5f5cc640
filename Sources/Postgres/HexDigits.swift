/// Lower-case hex digits written from a table, as bytes: `bytea`'s text form and its fields in
/// COPY rows, both written for every hash of every event (docs/performance.md), share it.
enum HexDigits {
    private static let table = Array("0123456789abcdef".utf8)

    /// The digit of `byte`'s high four bits.
    static func high(_ byte: UInt8) -> UInt8 { table[Int(byte >> 4)] }

    /// The digit of `byte`'s low four bits.
    static func low(_ byte: UInt8) -> UInt8 { table[Int(byte & 0x0F)] }
}
