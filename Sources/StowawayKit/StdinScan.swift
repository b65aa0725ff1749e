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
        var issues: [ScanIssue] = []
        var aggregator = FindingAggregator()
        var summary = ScanSummary()
        summary.rules = engine.rules.count
        do {
            let scanner = try engine.makeScanner()
            let chunked = try scanner.stream(path: displayName)
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    issues.append(ScanIssue(.error, input: displayName, message: "read failed: \(String(cString: strerror(errno)))"))
                    break
                }
                if count == 0 { break }
                buffer.withUnsafeBytes { chunked.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
            let result = chunked.finish()
            summary.filesScanned = 1
            summary.bytesScanned = result.bytesScanned
            issues += result.issues
            for candidate in result.candidates {
                if InlineAllow.allows(line: candidate.lineText) {
                    summary.suppressed += 1
                    continue
                }
                let occurrence = Occurrence(provenance: Provenance(source: "stdin", path: displayName),
                                            location: candidate.location, lineText: candidate.lineText)
                aggregator.add(rule: engine.rules[candidate.ruleIndex].rule, secret: candidate.secret, occurrence: occurrence)
            }
        } catch {
            issues.append(ScanIssue(.error, input: displayName, message: "\(error)"))
        }
        let findings = aggregator.sorted()
        summary.findings = findings.count
        summary.occurrences = findings.reduce(0) { $0 + $1.occurrences.count }
        summary.durationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return ScanReport(findings: findings, summary: summary, issues: issues)
    }
}
