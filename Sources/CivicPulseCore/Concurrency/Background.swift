import Foundation

/// Work started on another thread now, whose result is collected later with `value()`: how
/// ingest parses the next files while appending this one, and how the weekly summary reads its
/// trend on a second connection while the first reads the week.
public final class Background<Value>: @unchecked Sendable {
    // Written once by the worker before it signals, read only after waiting for that signal:
    // what makes the unchecked sendability sound.
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    /// Waits for the work to end: its value, or what it threw.
    public func value() throws -> Value {
        done.wait()
        done.signal() // a later call finds it ended too
        return try result!.get()
    }
}
