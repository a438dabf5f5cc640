import CLibPQ
import Foundation

extension Connection {
    /// Streams rows into `COPY … FROM STDIN` (text format) and returns how many were copied.
    ///
    /// `body` appends rows to the ``CopyWriter``, which sends them in chunks of at most
    /// ``CopyWriter/chunkSize`` bytes: on this hardware 64 KB chunks kept pace with
    /// `psql \copy`, while 1 MB chunks were 20–35% slower. If `body` throws, the COPY is
    /// aborted and nothing it wrote is kept.
    @discardableResult
    public func copyIn(_ statement: String, _ body: (inout CopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(handle, statement)
        defer { PQclear(start) }
        try check(start, for: nil)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            throw PostgresError(kind: .protocol, message: "statement did not start COPY FROM STDIN: \(statement.prefix(60))")
        }
        var writer = CopyWriter(connection: self)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "aborted by client: \(error)")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw PostgresError(kind: .protocol, message: String(cString: PQerrorMessage(handle)))
        }
        var copied = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = PostgresError(result: result, fallback: String(cString: PQerrorMessage(handle)))
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return copied
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        let sent = PQputCopyData(handle, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        guard sent == 1 else {
            throw PostgresError(kind: .protocol, message: String(cString: PQerrorMessage(handle)))
        }
    }
}

/// COPY text-format rows built in memory, with no connection: rows can be encoded on another
/// thread ahead of the transaction that sends them (``CopyWriter/append(encodedFields:)``).
public struct CopyRows: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one field to the current row; `nil` is SQL NULL.
    public mutating func field(_ value: String?) {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
        guard let value else {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(UInt8(ascii: "N"))
            return
        }
        // Most fields need no escaping: copy them whole, and escape byte by byte only when needed.
        let copiedWhole = value.utf8.withContiguousStorageIfAvailable { field -> Bool in
            guard !field.contains(where: CopyRows.needsEscape) else { return false }
            bytes.append(contentsOf: field)
            return true
        }
        if copiedWhole == true { return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            default: bytes.append(byte)
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// Appends one field in PostgreSQL's text form.
    public mutating func field(_ value: (some PostgresEncodable)?) {
        field(value?.postgresText)
    }

    /// Appends one `bytea` field, `\\x` and its hex, written straight into the row: through
    /// its text form, each of ingest's two hashes a row made a string of its own, on the thread
    /// that appends in series with the server (docs/performance.md).
    public mutating func field(_ value: Data?) {
        guard let value else { return field(nil as String?) }
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "x"))
        for byte in value {
            bytes.append(HexDigits.high(byte))
            bytes.append(HexDigits.low(byte))
        }
    }

    /// Appends fields encoded beforehand by another `CopyRows` (a row without its newline), to
    /// be followed by more fields.
    public mutating func append(encodedFields: ArraySlice<UInt8>) {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        bytes += encodedFields
        fieldsInRow += 1
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Builds COPY text-format rows and sends them to the server in bounded chunks.
public struct CopyWriter {
    /// The largest chunk handed to libpq at once.
    public static let chunkSize = 64 * 1024

    private let connection: Connection
    private var buffer = CopyRows(reservingCapacity: CopyWriter.chunkSize + 4096)

    init(connection: Connection) {
        self.connection = connection
    }

    /// Appends one field to the current row; `nil` is SQL NULL.
    public mutating func field(_ value: String?) {
        buffer.field(value)
    }

    /// Appends one field in PostgreSQL's text form.
    public mutating func field(_ value: (some PostgresEncodable)?) {
        buffer.field(value)
    }

    /// Appends one `bytea` field.
    public mutating func field(_ value: Data?) {
        buffer.field(value)
    }

    /// Appends fields encoded beforehand (a row without its newline), to be followed by more fields.
    public mutating func append(encodedFields: ArraySlice<UInt8>) {
        buffer.append(encodedFields: encodedFields)
    }

    /// Ends the current row; sends a chunk when the buffer is full.
    public mutating func endRow() throws {
        buffer.endRow()
        if buffer.bytes.count >= CopyWriter.chunkSize {
            try flush()
        }
    }

    mutating func flush() throws {
        guard !buffer.bytes.isEmpty else { return }
        try send(buffer.bytes[...])
        buffer.removeAll()
    }

    private func send(_ bytes: ArraySlice<UInt8>) throws {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let end = min(offset + CopyWriter.chunkSize, bytes.endIndex)
            try bytes[offset..<end].withUnsafeBytes { try connection.putCopyData($0) }
            offset = end
        }
    }
}
