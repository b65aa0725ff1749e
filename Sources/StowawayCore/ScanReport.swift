/// Everything a scan produced: what reporters format and what the CLI decides the exit code from.
public struct ScanReport: Sendable {
    public var findings: [Finding]
    public var summary: ScanSummary
    public var issues: [ScanIssue]

    public init(findings: [Finding], summary: ScanSummary, issues: [ScanIssue]) {
        self.findings = findings
        self.summary = summary
        self.issues = issues
    }

    /// Leaves out findings below the thresholds, counting them as hidden.
    public mutating func applyThresholds(minSeverity: Severity, minConfidence: Confidence) {
        let kept = findings.filter { $0.severity >= minSeverity && $0.confidence >= minConfidence }
        summary.hidden += findings.count - kept.count
        findings = kept
        summary.findings = kept.count
        summary.occurrences = kept.reduce(0) { $0 + $1.occurrences.count }
    }

    /// True when something could not be scanned, so the result may be missing findings (exit 2).
    public var isIncomplete: Bool { issues.contains(where: \.isError) }
}

/// Counts for the summary line and the JSON `summary` object.
public struct ScanSummary: Sendable, Codable, Equatable {
    public var filesScanned = 0
    public var bytesScanned = 0
    public var binaryFilesSkipped = 0
    public var filesSkippedTooLarge = 0
    public var filesExcluded = 0
    public var symlinksSkipped = 0
    public var findings = 0
    public var occurrences = 0
    /// Findings dropped by inline allow comments, baselines or ignore files; counted, never silently lost.
    public var suppressed = 0
    /// Findings below `--min-severity` / `--min-confidence`, left out of the report.
    public var hidden = 0
    public var rules = 0
    public var durationSeconds = 0.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case filesScanned = "files_scanned"
        case bytesScanned = "bytes_scanned"
        case binaryFilesSkipped = "binary_files_skipped"
        case filesSkippedTooLarge = "files_skipped_too_large"
        case filesExcluded = "files_excluded"
        case symlinksSkipped = "symlinks_skipped"
        case findings, occurrences, suppressed, hidden, rules
        case durationSeconds = "duration_seconds"
    }
}

/// Groups occurrences of the same secret under one finding, keyed by fingerprint, in first-seen order.
public struct FindingAggregator: Sendable {
    private var indexByFingerprint: [Fingerprint: Int] = [:]
    /// Places already recorded per finding, so a secret seen many times costs O(1) per occurrence.
    private var seenPlaces: [Set<Place>] = []
    public private(set) var findings: [Finding] = []

    struct Place: Hashable {
        var provenance: Provenance
        var location: Location
    }

    public init() {}

    /// `confidence` overrides the rule's (a checksum that holds or fails); the finding keeps the highest seen.
    public mutating func add(rule: Rule, confidence: Confidence? = nil, secret: String, occurrence: Occurrence,
                             message: String? = nil) {
        let fingerprint = Fingerprint(ruleID: rule.id, secret: secret)
        let place = Place(provenance: occurrence.provenance, location: occurrence.location)
        if let index = indexByFingerprint[fingerprint] {
            if seenPlaces[index].insert(place).inserted { findings[index].occurrences.append(occurrence) }
            if let confidence, confidence > findings[index].confidence { findings[index].confidence = confidence }
            return
        }
        indexByFingerprint[fingerprint] = findings.count
        seenPlaces.append([place])
        findings.append(Finding(
            ruleID: rule.id, ruleName: rule.name, severity: rule.severity, confidence: confidence ?? rule.confidence,
            secret: secret, message: message ?? rule.name + " found", remediation: rule.remediation,
            occurrences: [occurrence]))
    }

    /// Findings most severe first; within a severity by first location, so output is stable run to run.
    public func sorted() -> [Finding] {
        findings.map { finding in
            var copy = finding
            copy.occurrences.sort { ($0.provenance.path, $0.location.line, $0.location.column) < ($1.provenance.path, $1.location.line, $1.location.column) }
            return copy
        }.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            let l = lhs.occurrences.first
            let r = rhs.occurrences.first
            let lk = (l?.provenance.path ?? "", l?.location.line ?? 0, lhs.ruleID)
            let rk = (r?.provenance.path ?? "", r?.location.line ?? 0, rhs.ruleID)
            return lk < rk
        }
    }
}
