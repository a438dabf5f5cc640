import CivicPulseCore
import Foundation

/// libFuzzer's entry point: parses the input as JSON.
///
/// A value that parses is written as the log stores it (`jsonText`), which must parse again and
/// be written the same way: ingest keeps every event's details as that text, and a processor or
/// analyst reading it back must see what was read from the platform.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let value = try? JSONValue.parse(Data(bytes: start, count: count)) else { return 0 }
    let stored = value.jsonText
    guard let again = try? JSONValue.parse(Data(stored.utf8)) else {
        fatalError("the stored text of a parsed value does not parse: \(stored.prefix(200))")
    }
    guard again.jsonText == stored else {
        fatalError("the stored text changes when read back: \(stored.prefix(200)) became \(again.jsonText.prefix(200))")
    }
    return 0
}
