import Dispatch
import StowawayCore
import StowawayEngine

/// What one worker of any source found: plain values merged once at the end, so workers never contend on shared
/// state. Every source (files, stdin, git, images) records through here, so inline allows and provenance are handled
/// the same way everywhere.
struct ScanOutcome: Sendable {
    var hits: [(ruleIndex: Int, confidence: Confidence, secret: String, occurrence: Occurrence)] = []
    var issues: [ScanIssue] = []
    var filesScanned = 0
    var bytesScanned = 0
    var binarySkipped = 0
    var tooLarge = 0
    var suppressed = 0

    /// Adds one scanned blob's candidates, attributed to `provenance`.
    mutating func record(_ result: BlobScanResult, provenance: Provenance) {
        filesScanned += 1
        bytesScanned += result.bytesScanned
        issues += result.issues
        for candidate in result.candidates {
            if InlineAllow.allows(line: candidate.lineText) {
                suppressed += 1
                continue
            }
            let occurrence = Occurrence(provenance: provenance, location: candidate.location, lineText: candidate.lineText,
                                        decodedFrom: candidate.decodedFrom)
            hits.append((candidate.ruleIndex, candidate.confidence, candidate.secret, occurrence))
        }
    }

    mutating func merge(_ other: ScanOutcome) {
        hits += other.hits
        issues += other.issues
        filesScanned += other.filesScanned
        bytesScanned += other.bytesScanned
        binarySkipped += other.binarySkipped
        tooLarge += other.tooLarge
        suppressed += other.suppressed
    }

    /// Builds the report: findings grouped by fingerprint, summary counts, issues listed once each.
    func report(engine: Engine, started: DispatchTime, summary base: ScanSummary = ScanSummary(),
                extraIssues: [ScanIssue] = []) -> ScanReport {
        var aggregator = FindingAggregator()
        for hit in hits {
            aggregator.add(rule: engine.rules[hit.ruleIndex].rule, confidence: hit.confidence, secret: hit.secret,
                           occurrence: hit.occurrence)
        }
        var summary = base
        summary.filesScanned += filesScanned
        summary.bytesScanned += bytesScanned
        summary.binaryFilesSkipped += binarySkipped
        summary.filesSkippedTooLarge += tooLarge
        summary.suppressed += suppressed
        summary.rules = engine.rules.count
        let findings = aggregator.sorted()
        summary.findings = findings.count
        summary.occurrences = findings.reduce(0) { $0 + $1.occurrences.count }
        summary.durationSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        var seen = Set<ScanIssue>()
        let issues = (extraIssues + self.issues).filter { seen.insert($0).inserted }
        return ScanReport(findings: findings, summary: summary, issues: issues)
    }
}
