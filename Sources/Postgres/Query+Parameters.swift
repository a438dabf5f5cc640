import CLibPQ
import Foundation

extension Query {
    /// Calls `body` with libpq's arrays of this query's parameters (their count, types, values,
    /// lengths and formats), which live for the duration of the call.
    ///
    /// Types, lengths and formats are nil when every value is text, as libpq allows: the server
    /// then infers each type from the statement, as it always did for such queries. Otherwise a
    /// text value's type is 0 (inferred) and its format 0, a ``BinaryArray``'s its array type
    /// and 1.
    func withParameters<R>(
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        var values = [UnsafeMutablePointer<CChar>?]()
        values.reserveCapacity(binds.count)
        for bind in binds {
            switch bind {
            case .text(let text):
                values.append(text.map { strdup($0) })
            case .binary(let array):
                let copy = malloc(array.bytes.count)!
                array.bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                values.append(copy.assumingMemoryBound(to: CChar.self))
            }
        }
        defer { values.forEach { free($0) } }
        let count = Int32(binds.count)
        let pointers = values.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { values in
            guard let types = parameterTypes else { return body(count, nil, values.baseAddress, nil, nil) }
            let lengths = binds.map { bind -> Int32 in
                guard case .binary(let array) = bind else { return 0 }
                return Int32(array.bytes.count)
            }
            let formats = binds.map { Int32($0.isBinary ? 1 : 0) }
            return body(count, types, values.baseAddress, lengths, formats)
        }
    }

    /// Calls `body` with libpq's array of this query's parameter types (``parameterTypes``), what
    /// a statement is prepared with (``Query/prepared``): its parameters keep them for the session.
    func withParameterTypes<R>(_ body: (UnsafePointer<Oid>?) -> R) -> R {
        guard let types = parameterTypes else { return body(nil) }
        return body(types)
    }

    /// What names this query's prepared statement in a session: its text, and the types of its
    /// binary parameters, which it is prepared with. The same text run with arrays of another
    /// type (`unnest($1)` of `uuid[]`, then of `bytea[]`) is then another statement, where the
    /// first would refuse the second's elements as of the wrong type.
    var preparedKey: String {
        guard let types = parameterTypes else { return sql }
        return sql + "\u{0}" + types.map(String.init).joined(separator: ",")
    }

    /// Each parameter's type: nil when every value is text (the server infers them all), else
    /// each ``BinaryArray``'s array type and 0 (inferred) for text.
    private var parameterTypes: [Oid]? {
        guard binds.contains(where: \.isBinary) else { return nil }
        return binds.map { bind in
            guard case .binary(let array) = bind else { return 0 }
            return array.type
        }
    }
}

extension Query.Bind {
    var isBinary: Bool {
        if case .binary = self { return true }
        return false
    }
}
