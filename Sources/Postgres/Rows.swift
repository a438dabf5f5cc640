import CLibPQ
import Foundation

/// The rows of one result, read in PostgreSQL's text format and decoded on demand.
public final class Rows: @unchecked Sendable, RandomAccessCollection {
    private let result: OpaquePointer
    public let columnNames: [String]

    init(result: OpaquePointer) {
        self.result = result
        columnNames = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    deinit {
        PQclear(result)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(PQntuples(result)) }

    public subscript(position: Int) -> Row {
        Row(rows: self, index: Int32(position))
    }

    /// How many rows an INSERT, UPDATE, DELETE or COPY touched.
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func text(row: Int32, column: Int32) -> String? {
        if PQgetisnull(result, row, column) == 1 { return nil }
        let length = Int(PQgetlength(result, row, column))
        let pointer = UnsafeRawPointer(PQgetvalue(result, row, column)!)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    func columnIndex(_ name: String) -> Int32? {
        columnNames.firstIndex(of: name).map(Int32.init)
    }
}

/// One row of a ``Rows`` result.
public struct Row {
    let rows: Rows
    let index: Int32

    /// Decodes column `column` (by position) as `T`; throws if it is NULL or not a `T`.
    ///
    /// Inlinable, like the one below, so each caller gets a version specialised to its `T`:
    /// generic dispatch and metadata lookups were a sixth of the report commands' CPU.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: Int) throws -> T {
        guard let value = try decode(T?.self, column) else { throw nullError(column: column, expected: "\(T.self)") }
        return value
    }

    /// Decodes column `column` as `T`, with NULL as `nil`.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T?.Type, _ column: Int) throws -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = T(postgresText: text) else { throw valueError(column: column, text: text, expected: "\(T.self)") }
        return value
    }

    @usableFromInline
    func text(_ column: Int) throws -> String? {
        guard column < rows.columnNames.count else {
            throw PostgresError(kind: .decoding, message: "no column \(column) in a result of \(rows.columnNames.count)")
        }
        return rows.text(row: index, column: Int32(column))
    }

    @usableFromInline
    func nullError(column: Int, expected: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "column \(rows.columnNames[column]) is NULL, expected \(expected)")
    }

    @usableFromInline
    func valueError(column: Int, text: String, expected: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "column \(rows.columnNames[column]) holds '\(text.prefix(40))', not a \(expected)")
    }

    /// Decodes the column named `name` as `T`.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ name: String) throws -> T {
        try decode(T.self, position(of: name))
    }

    /// Decodes the column named `name` as `T`, with NULL as `nil`.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T?.Type, _ name: String) throws -> T? {
        try decode(T?.self, position(of: name))
    }

    @usableFromInline
    func position(of name: String) throws -> Int {
        guard let column = rows.columnIndex(name) else {
            throw PostgresError(kind: .decoding, message: "no column named \(name) (have \(rows.columnNames.joined(separator: ", ")))")
        }
        return Int(column)
    }
}
