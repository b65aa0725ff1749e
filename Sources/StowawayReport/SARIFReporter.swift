import StowawayCore

/// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning's documented subset): one result per
/// occurrence, rule metadata with help and a `security-severity`, repo-relative URIs, position-independent
/// fingerprints. No raw secret anywhere unless `--show-secrets`.
public struct SARIFReporter: Reporter {
    public init() {}

    /// The versioned key under which the position-independent fingerprint is published.
    public static let fingerprintKey = "stowaway/secret/v1"

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        let redactor = context.redactor
        var ruleIDs: [String] = []
        for finding in report.findings where !ruleIDs.contains(finding.ruleID) { ruleIDs.append(finding.ruleID) }
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules: [JSONValue] = ruleIDs.map { id in
            let finding = report.findings.first { $0.ruleID == id }!
            return Self.ruleDescriptor(id: id, finding: finding, rule: context.rules[id])
        }
        var results: [JSONValue] = []
        for finding in report.findings {
            for (index, occurrence) in finding.occurrences.enumerated() {
                results.append(Self.result(finding, occurrence, index: index, ruleIndex: ruleIndex[finding.ruleID] ?? 0,
                                           redactor: redactor))
            }
        }
        let notifications: [JSONValue] = report.issues.map { issue in
            .object([
                ("level", .string(issue.kind == .error ? "error" : (issue.kind == .warning ? "warning" : "note"))),
                ("message", .object([("text", .string("\(issue.input): \(issue.message)"))])),
            ])
        }
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", .string("stowaway")),
                ("version", .string(context.toolVersion)),
                ("semanticVersion", .string(context.toolVersion)),
                ("rules", .array(rules)),
            ]))])),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(!report.isIncomplete)),
                ("toolExecutionNotifications", .array(notifications)),
            ])])),
            ("originalUriBaseIds", .object([("%SRCROOT%", .object([("uri", .string("file:///"))]))])),
            ("results", .array(results)),
            ("properties", .object([
                ("applied", .object(context.appliedFiles.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("summary", JSONReporter.summary(report.summary)),
            ])),
        ])
        let document: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return document.serialized(pretty: true) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub reads `security-severity` as a CVSS-like score string: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info: "0.0"
        }
    }

    static func ruleDescriptor(id: String, finding: Finding, rule: Rule?) -> JSONValue {
        let name = rule?.name ?? finding.ruleName
        let description = rule?.description.isEmpty == false ? rule!.description : name
        let remediation = rule?.remediation ?? finding.remediation
        var help = remediation.isEmpty ? name : remediation
        if let references = rule?.references, !references.isEmpty {
            help += "\n\nReferences:\n" + references.map { "- \($0)" }.joined(separator: "\n")
        }
        return .object([
            ("id", .string(id)),
            ("name", .string(pascalCase(id))),
            ("shortDescription", .object([("text", .string(name))])),
            ("fullDescription", .object([("text", .string(description))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(help))])),
            ("helpUri", rule?.references.first.map(JSONValue.string)),
            ("defaultConfiguration", .object([("level", .string(level(rule?.severity ?? finding.severity)))])),
            ("properties", .object([
                ("tags", .array((["security", "secret"] + (rule?.tags ?? [])).map(JSONValue.string))),
                ("precision", .string(precision(rule?.confidence ?? finding.confidence))),
                ("security-severity", .string(securitySeverity(rule?.severity ?? finding.severity))),
            ])),
        ])
    }

    static func precision(_ confidence: Confidence) -> String {
        switch confidence {
        case .high: "very-high"
        case .medium: "high"
        case .low: "medium"
        }
    }

    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func result(_ finding: Finding, _ occurrence: Occurrence, index: Int, ruleIndex: Int,
                       redactor: Redactor) -> JSONValue {
        let location = occurrence.location
        let provenance = occurrence.provenance
        var message = "\(finding.ruleName): \(redactor.secret(finding.secret))"
        if let decoded = occurrence.decodedFrom { message += " (decoded from \(decoded))" }
        if let deleted = provenance.deletedInLayer { message += "; deleted in layer \(deleted) but still in the image" }
        if let commit = provenance.commit { message += "; introduced in commit \(commit.prefix(12))" }
        var region: [(String, JSONValue?)] = [
            ("startLine", .int(max(1, location.line))),
            ("startColumn", .int(max(1, location.column))),
            ("endLine", .int(max(location.line, location.endLine))),
            ("endColumn", .int(max(1, location.endColumn))),
        ]
        if let line = occurrence.lineText {
            region.append(("snippet", .object([("text", .string(redactor.line(line, secret: finding.secret)))])))
        }
        let lineHash = sha256Hex(Array((occurrence.lineText.map { redactor.line($0, secret: finding.secret) } ?? "").utf8))
        let properties = OccurrenceFields.fields(occurrence, finding: finding, redactor: redactor)
            .filter { !["path", "line", "column", "end_line", "end_column", "related"].contains($0.0) }
        // The other part of a composite finding (the secret key next to its key id) in the same file.
        let related: [JSONValue] = occurrence.related.enumerated().map { offset, part in
            var partRegion: [(String, JSONValue?)] = [
                ("startLine", .int(max(1, part.location.line))),
                ("startColumn", .int(max(1, part.location.column))),
                ("endLine", .int(max(part.location.line, part.location.endLine))),
                ("endColumn", .int(max(1, part.location.endColumn))),
            ]
            if let line = part.lineText {
                partRegion.append(("snippet", .object([("text", .string(redactor.line(line, secret: finding.secret)))])))
            }
            return .object([
                ("id", .int(offset + 1)),
                ("physicalLocation", .object([
                    ("artifactLocation", .object([
                        ("uri", .string(uri(for: provenance.path))),
                        ("uriBaseId", .string("%SRCROOT%")),
                    ])),
                    ("region", .object(partRegion)),
                ])),
                ("message", .object([("text", .string("\(part.ruleID) (other part of this finding)"))])),
            ])
        }
        return .object([
            ("ruleId", .string(finding.ruleID)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(finding.severity))),
            ("message", .object([("text", .string(message))])),
            ("locations", .array([.object([
                ("physicalLocation", .object([
                    ("artifactLocation", .object([
                        ("uri", .string(uri(for: provenance.path))),
                        ("uriBaseId", .string("%SRCROOT%")),
                    ])),
                    ("region", .object(region)),
                ])),
            ])])),
            ("relatedLocations", related.isEmpty ? nil : .array(related)),
            ("partialFingerprints", .object([
                (fingerprintKey, .string(finding.fingerprint.value)),
                ("primaryLocationLineHash", .string(String(lineHash.prefix(16)) + ":\(index + 1)")),
            ])),
            ("properties", .object([
                ("severity", .string(finding.severity.rawValue)),
                ("confidence", .string(finding.confidence.rawValue)),
                ("secret", .string(redactor.secret(finding.secret))),
            ] + properties.compactMap { key, value in value.map { (key, $0) } })),
        ])
    }

    /// A relative URI reference: each path segment percent-encoded (RFC 3986), so spaces, `#`, `?` and a colon in
    /// the first segment (which would read as a scheme) stay part of the path.
    static func uri(for path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@".utf8)
        var trimmed = path
        while trimmed.hasPrefix("/") { trimmed.removeFirst() }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            var encoded = ""
            for byte in segment.utf8 {
                if allowed.contains(byte) {
                    encoded.append(Character(Unicode.Scalar(byte)))
                } else {
                    let hex = String(byte, radix: 16, uppercase: true)
                    encoded += "%" + (byte < 16 ? "0" : "") + hex
                }
            }
            return encoded
        }.joined(separator: "/")
    }
}
