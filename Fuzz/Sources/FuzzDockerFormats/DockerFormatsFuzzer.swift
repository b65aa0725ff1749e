import FuzzSupport
import StowawayDocker

/// Every format the Docker checks read from a scanned tree: the input's first line is the file's path (which, with
/// the content, decides the kind: Compose, Kubernetes, Helm values, GitHub and GitLab CI, registry configs, env files,
/// bake files, build scripts, Dockerfiles), the rest its content. Recognition, YAML parsing and the checks run as in a
/// tree scan.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDockerFormats(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let path = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<min(newline, 256)]), as: UTF8.self)
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[min(newline + 1, bytes.count)...]), as: UTF8.self)
    let analysis = DockerAnalyzer.analyze(path: path, text: text)
    if analysis.kind == nil { precondition(analysis.findings.isEmpty, "findings for a file of no known kind") }
    let length = text.utf8.count
    for finding in analysis.findings {
        let location = finding.location
        precondition(location.line >= 1 && location.line <= location.endLine, "finding lines out of order")
        precondition(location.byteOffset >= 0 && location.byteOffset + location.byteLength <= length,
                     "a finding outside the file")
    }
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzDockerFormats_main")
public func fuzzDockerFormatsMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzDockerFormats)
}
