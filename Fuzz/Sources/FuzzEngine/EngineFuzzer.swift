import FuzzSupport
import StowawayCore
import StowawayEngine
import StowawayRules

/// The built-in pack, compiled once per process (hyperscan compilation takes seconds).
nonisolated(unsafe) let scanner: BlobScanner = {
    do {
        return try Engine(rules: RulePack.builtin().rules).makeScanner()
    } catch {
        fatalError("the built-in pack does not compile: \(error)")
    }
}()

/// Compiles the pack (block and streaming databases) before the first input, so those seconds do not count against
/// that input's timeout.
@_cdecl("LLVMFuzzerInitialize")
public func initializeEngineFuzzer(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    guard (try? scanner.stream(path: "warm-up")) != nil else { fatalError("the built-in pack has no streaming database") }
    return 0
}

/// The engine on arbitrary bytes with the built-in pack: block mode with UTF-16 and base64 decoding (a YAML path, so
/// decoding applies), then the same bytes streamed in three uneven chunks. Every reported range must lie inside the
/// input and the streamed scan must see every byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    let block = scanner.scan(bytes, path: "deploy/values.yaml")
    for candidate in block.candidates {
        let location = candidate.location
        precondition(candidate.ruleIndex < scanner.engine.rules.count, "a candidate for a rule that does not exist")
        precondition(location.byteOffset >= 0 && location.byteLength >= 0, "a negative byte range")
        if candidate.decodedFrom != "utf-16" {
            precondition(location.byteOffset + location.byteLength <= bytes.count, "a byte range past the input")
        }
        precondition(location.line >= 1 && location.line <= location.endLine, "lines out of order")
    }
    guard let stream = try? scanner.stream(path: "deploy/values.yaml") else { fatalError("cannot open a stream") }
    let cuts = [0, bytes.count / 3, bytes.count / 3 + bytes.count / 5, bytes.count]
    for index in 0..<3 {
        stream.feed(UnsafeRawBufferPointer(rebasing: bytes[cuts[index]..<cuts[index + 1]]))
    }
    let streamed = stream.finish()
    precondition(streamed.bytesScanned == bytes.count, "the streamed scan lost bytes")
    for candidate in streamed.candidates {
        precondition(candidate.location.byteOffset + candidate.location.byteLength <= bytes.count, "a streamed range past the input")
    }
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzEngine_main")
public func fuzzEngineMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzEngine)
}
