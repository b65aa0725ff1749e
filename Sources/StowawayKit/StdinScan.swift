#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import StowawayCore
import StowawayEngine

/// `stowaway scan -`: standard input scanned as it arrives (streaming mode), never held whole in memory.
public struct StdinScan: Sendable {
    public let engine: Engine
    public let displayName: String

    public init(engine: Engine, displayName: String = "(stdin)") {
        self.engine = engine
        self.displayName = displayName
    }

    public func run(descriptor: Int32 = STDIN_FILENO) -> ScanReport {
        let started = DispatchTime.now()
        var outcome = ScanOutcome()
        do {
            let scanner = try engine.makeScanner()
            let chunked = try scanner.stream(path: displayName)
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    outcome.issues.append(ScanIssue(.error, input: displayName,
                                                    message: "read failed: \(String(cString: strerror(errno)))"))
                    break
                }
                if count == 0 { break }
                buffer.withUnsafeBytes { chunked.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
            outcome.record(chunked.finish(), provenance: Provenance(source: "stdin", path: displayName))
        } catch {
            outcome.issues.append(ScanIssue(.error, input: displayName, message: "\(error)"))
        }
        return outcome.report(engine: engine, started: started)
    }
}
