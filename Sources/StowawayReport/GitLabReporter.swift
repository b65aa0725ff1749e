import Foundation
import StowawayCore

/// `--format gitlab`: GitLab's secret-detection report (schema 15.x) for the merge-request security widget.
public struct GitLabReporter: Reporter {
    public init() {}

    static let schemaVersion = "15.0.7"

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        let redactor = context.redactor
        var vulnerabilities: [JSONValue] = []
        for finding in report.findings {
            for occurrence in finding.occurrences {
                let provenance = occurrence.provenance
                let identity = "\(finding.fingerprint.value)|\(provenance.path)|\(occurrence.location.line)|\(provenance.commit ?? "")|\(provenance.layerDigest ?? "")"
                let location: JSONValue = .object([
                    ("file", .string(provenance.path)),
                    ("start_line", .int(occurrence.location.line)),
                    ("end_line", .int(max(occurrence.location.line, occurrence.location.endLine))),
                    ("commit", .object([("sha", .string(provenance.commit ?? "0000000"))])),
                ])
                vulnerabilities.append(.object([
                    ("id", .string(Self.uuid(from: sha256Hex(Array(identity.utf8))))),
                    ("category", .string("secret_detection")),
                    ("name", .string(finding.ruleName)),
                    ("description", .string("\(finding.ruleName) (\(redactor.secret(finding.secret))). \(finding.remediation)")),
                    ("cve", .string(finding.fingerprint.value)),
                    ("severity", .string(Self.severity(finding.severity))),
                    ("solution", .string(finding.remediation)),
                    ("scanner", .object([("id", .string("stowaway")), ("name", .string("stowaway"))])),
                    ("location", location),
                    ("identifiers", .array([.object([
                        ("type", .string("stowaway_rule_id")),
                        ("name", .string("stowaway rule \(finding.ruleID)")),
                        ("value", .string(finding.ruleID)),
                    ])])),
                ]))
            }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let tool: JSONValue = .object([
            ("id", .string("stowaway")),
            ("name", .string("stowaway")),
            ("version", .string(context.toolVersion)),
            ("vendor", .object([("name", .string("stowaway"))])),
        ])
        let document: JSONValue = .object([
            ("version", .string(Self.schemaVersion)),
            ("vulnerabilities", .array(vulnerabilities)),
            ("scan", .object([
                ("analyzer", tool),
                ("scanner", tool),
                ("type", .string("secret_detection")),
                ("start_time", .string(formatter.string(from: context.startTime))),
                ("end_time", .string(formatter.string(from: context.endTime))),
                ("status", .string(report.isIncomplete ? "failure" : "success")),
            ])),
        ])
        return document.serialized(pretty: true) + "\n"
    }

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "Critical"
        case .high: "High"
        case .medium: "Medium"
        case .low: "Low"
        case .info: "Info"
        }
    }

    /// A stable UUID-shaped id from a hash, so the same leak keeps its id across pipelines.
    static func uuid(from hex: String) -> String {
        let characters = Array(hex.prefix(32))
        let parts = [characters[0..<8], characters[8..<12], characters[12..<16], characters[16..<20], characters[20..<32]]
        return parts.map { String($0) }.joined(separator: "-")
    }
}
