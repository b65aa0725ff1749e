import FuzzSupport
import StowawayDocker

/// The Dockerfile parser (directives, continuations, heredocs, JSON arrays, flags, word evaluation) and every
/// Dockerfile check on arbitrary text. Parse errors are fine; traps, hangs and memory errors are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDockerfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    if let file = try? DockerfileParser.parse(text) {
        for instruction in file.instructions {
            precondition(instruction.line <= instruction.endLine, "an instruction ends before it starts")
        }
    }
    _ = DockerAnalyzer.analyze(kind: .dockerfile, path: "Dockerfile", text: text)
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzDockerfile_main")
public func fuzzDockerfileMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzDockerfile)
}
