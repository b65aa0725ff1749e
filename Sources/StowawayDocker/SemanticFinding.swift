import StowawayCore

/// A finding of a Docker/Compose/Kubernetes/CI semantic check: which rule, the secret, and where.
///
/// Findings about a flow (a build argument reaching `RUN`, a credential file copied into the image, a secret file kept
/// next to a Compose file) have no secret value. Their `secret` is an identity such as `ARG:NPM_TOKEN` or
/// `COPY:.npmrc`: it never occurs in the source line, so reporters (which redact the secret in the line) keep that line
/// readable, and the fingerprint (rule + SHA-256 of it) stays stable.
public struct SemanticFinding: Sendable {
    /// The rule's metadata (`DockerRules`); its pattern is empty because no regex produced the finding.
    public var rule: Rule
    public var secret: String
    public var location: Location
    /// The source line holding the start of the location (reporters redact the secret in it).
    public var lineText: String
    /// What was found and, where it helps, the exact fix for this place.
    public var message: String
    /// Lines where an allow marker also counts: a Dockerfile has no trailing comments, so the comment lines right
    /// above the instruction (or inside its continuation) can carry `# stowaway:allow`.
    public var allowMarkerLines: [String]
    /// Set when the secret was found after decoding (`base64`).
    public var decodedFrom: String?

    public init(rule: Rule, secret: String, location: Location, lineText: String, message: String,
                allowMarkerLines: [String] = [], decodedFrom: String? = nil) {
        self.rule = rule
        self.secret = secret
        self.location = location
        self.lineText = lineText
        self.message = message
        self.allowMarkerLines = allowMarkerLines
        self.decodedFrom = decodedFrom
    }
}

/// What the analyzer made of one file.
public struct DockerAnalysis: Sendable {
    /// What the file was recognised as; nil when it is none of the formats the analyzer reads.
    public var kind: DockerFileKind?
    public var findings: [SemanticFinding] = []
    /// Problems such as a file that could not be parsed (the plain rule scan still covers it).
    public var issues: [ScanIssue] = []

    public init(kind: DockerFileKind?, findings: [SemanticFinding] = [], issues: [ScanIssue] = []) {
        self.kind = kind
        self.findings = findings
        self.issues = issues
    }
}

/// Collects findings for one file, turning source ranges into locations and line texts.
struct FindingSink {
    let source: SourceText
    var findings: [SemanticFinding] = []

    init(source: SourceText) { self.source = source }

    mutating func add(_ rule: Rule, secret: String, range: Range<Int>, message: String, allowMarkerLines: [String] = [],
                      decodedFrom: String? = nil) {
        guard !secret.isEmpty, range.lowerBound >= 0, range.upperBound <= source.bytes.count, !range.isEmpty else { return }
        if findings.contains(where: { $0.rule.id == rule.id && $0.location.byteOffset == range.lowerBound
            && $0.secret == secret }) { return }
        var lineText = source.lineText(at: range.lowerBound)
        if decodedFrom != nil {
            // The line shows the encoded secret, which redaction cannot recognise: hide it.
            lineText = lineText.replacing(String(decoding: source.bytes[range], as: UTF8.self), with: "<encoded value>")
        }
        findings.append(SemanticFinding(
            rule: rule, secret: secret, location: source.location(range), lineText: lineText, message: message,
            allowMarkerLines: allowMarkerLines, decodedFrom: decodedFrom))
    }

    /// Adds a finding for a mapped value (its source range is where its bytes came from).
    mutating func add(_ rule: Rule, value: MappedText, message: String, allowMarkerLines: [String] = []) {
        guard let range = value.sourceRange else { return }
        add(rule, secret: value.string, range: range, message: message, allowMarkerLines: allowMarkerLines)
    }
}
