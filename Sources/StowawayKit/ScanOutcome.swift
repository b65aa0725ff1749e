import Dispatch
import StowawayCore
import StowawayDocker
import StowawayEngine

/// What one worker of any source found: plain values merged once at the end, so workers never contend on shared
/// state. Every source (files, stdin, git, images) records through here, so inline allows and provenance are handled
/// the same way everywhere.
struct ScanOutcome: Sendable {
    var hits: [(ruleIndex: Int, confidence: Confidence, secret: String, occurrence: Occurrence)] = []
    /// Findings of the Docker/Compose/Kubernetes/CI semantic checks: they carry their own rule and message.
    var semanticHits: [(rule: Rule, secret: String, occurrence: Occurrence, message: String)] = []
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
            // A composite pair is allowed where either of its parts is.
            let allowLines = [candidate.lineText, candidate.previousLineText] + candidate.related.map(\.lineText)
                + candidate.relatedPreviousLineTexts
            if allowLines.contains(where: { InlineAllow.allows(line: $0) }) {
                suppressed += 1
                continue
            }
            let occurrence = Occurrence(provenance: provenance, location: candidate.location, lineText: candidate.lineText,
                                        decodedFrom: candidate.decodedFrom, related: candidate.related)
            hits.append((candidate.ruleIndex, candidate.confidence, candidate.secret, occurrence))
        }
    }

    /// Adds one file's semantic findings. An allow marker counts on the finding's line and, since Dockerfiles have no
    /// trailing comments, on the comment lines right above the instruction.
    mutating func record(_ analysis: DockerAnalysis, provenance: Provenance) {
        issues += analysis.issues
        for finding in analysis.findings {
            if InlineAllow.allows(line: finding.lineText) || finding.allowMarkerLines.contains(where: { InlineAllow.allows(line: $0) }) {
                suppressed += 1
                continue
            }
            let occurrence = Occurrence(provenance: provenance, location: finding.location, lineText: finding.lineText,
                                        decodedFrom: finding.decodedFrom)
            semanticHits.append((finding.rule, finding.secret, occurrence, finding.message))
        }
    }

    mutating func merge(_ other: ScanOutcome) {
        hits += other.hits
        semanticHits += other.semanticHits
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
        let (kept, keptSemantic) = oneFindingPerPlace(engine: engine)
        for hit in kept {
            aggregator.add(rule: engine.rules[hit.ruleIndex].rule, confidence: hit.confidence, secret: hit.secret,
                           occurrence: hit.occurrence)
        }
        for hit in keptSemantic {
            aggregator.add(rule: hit.rule, secret: hit.secret, occurrence: hit.occurrence, message: hit.message)
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

    /// When a rule and a semantic check report the same secret at the same place, one finding is kept: a vendor rule
    /// wins over the semantic check (it knows the token), the semantic check wins over a `generic`-tagged rule (it
    /// knows the Dockerfile, Compose or Kubernetes context and the fix).
    func oneFindingPerPlace(engine: Engine) -> (hits: [(ruleIndex: Int, confidence: Confidence, secret: String, occurrence: Occurrence)],
                                                semantic: [(rule: Rule, secret: String, occurrence: Occurrence, message: String)]) {
        guard !semanticHits.isEmpty else { return (hits, []) }
        var semanticByProvenance: [Provenance: [Int]] = [:]
        for (index, hit) in semanticHits.enumerated() { semanticByProvenance[hit.occurrence.provenance, default: []].append(index) }
        var kept: [(ruleIndex: Int, confidence: Confidence, secret: String, occurrence: Occurrence)] = []
        var droppedSemantic = Set<Int>()
        for hit in hits {
            // Each part of a composite hit stands at its own place.
            let places = hit.occurrence.related.isEmpty ? [(hit.occurrence, hit.secret)] : [(hit.occurrence, hit.secret)]
                + zip(hit.occurrence.related, CompositeSecret.parts(of: hit.secret).dropFirst())
                .map { related, part in
                    (Occurrence(provenance: hit.occurrence.provenance, location: related.location,
                                decodedFrom: hit.occurrence.decodedFrom), part)
                }
            let same = (semanticByProvenance[hit.occurrence.provenance] ?? []).filter { index in
                places.contains { place in
                    Self.samePlace(semanticHits[index].occurrence, semanticHits[index].secret, place.0, place.1)
                }
            }
            if !same.isEmpty, engine.rules[hit.ruleIndex].rule.tags.contains("generic") { continue }
            droppedSemantic.formUnion(same)
            kept.append(hit)
        }
        let semantic = semanticHits.enumerated().filter { !droppedSemantic.contains($0.offset) }.map(\.element)
        return (kept, semantic)
    }

    /// Overlapping byte ranges holding the same secret (or one inside the other; or the same encoded text).
    static func samePlace(_ first: Occurrence, _ firstSecret: String, _ second: Occurrence, _ secondSecret: String) -> Bool {
        let a = first.location.byteOffset..<(first.location.byteOffset + max(1, first.location.byteLength))
        let b = second.location.byteOffset..<(second.location.byteOffset + max(1, second.location.byteLength))
        guard a.overlaps(b) else { return false }
        if first.decodedFrom != nil || second.decodedFrom != nil { return a == b || firstSecret == secondSecret }
        return firstSecret == secondSecret || firstSecret.contains(secondSecret) || secondSecret.contains(firstSecret)
    }
}
