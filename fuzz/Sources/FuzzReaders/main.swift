import CivicPulseCore
import CivicPulseIngest
import Foundation

/// The example council's pipeline: its accounts, routing and column mappings are what the readers
/// look up, so inputs shaped like its payloads reach the code that turns records into events.
private let pipeline = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("pipelines/example-council.yaml")
private let config: PipelineConfig = {
    do { return try PipelineConfig.load(path: pipeline.path) } catch { fatalError("cannot load \(pipeline.path): \(error)") }
}()
private let reader = PayloadReader(config: config, hasher: ActorHasher(secret: Data(repeating: 7, count: 32)))
private let observedAt = Date(timeIntervalSince1970: 1_763_337_600)

/// libFuzzer's entry point: reads the input as ingest would, every way it can be asked to.
///
/// Detection, then each payload family by name (`ingest <source> FILE` skips detection, so a
/// reader must also survive another family's payload), then each column mapping. A reader may
/// refuse the input with an `IngestError`; it must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    for source in [nil] + IngestSource.allCases.map(Optional.some) {
        _ = try? reader.read(data: data, file: "fuzz-input", observedAt: observedAt, as: source)
    }
    for channel in config.channels {
        _ = try? reader.read(data: data, file: "fuzz-input", mapping: channel.id)
    }
    return 0
}
