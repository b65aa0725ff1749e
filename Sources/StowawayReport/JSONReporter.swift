import StowawayCore

/// `--format json`: one document with the tool, findings (each with its occurrences), the summary and the errors.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        Self.document(report, context: context).serialized(pretty: true) + "\n"
    }

    /// The report as a JSON value: what `--format json` writes, and exactly what the HTML report embeds.
    public static func document(_ report: ScanReport, context: ReportContext) -> JSONValue {
        let redactor = context.redactor
        let findings: [JSONValue] = report.findings.map { finding in
            .object([
                ("rule_id", .string(finding.ruleID)),
                ("rule_name", .string(finding.ruleName)),
                ("severity", .string(finding.severity.rawValue)),
                ("confidence", .string(finding.confidence.rawValue)),
                ("fingerprint", .string(finding.fingerprint.value)),
                ("secret", .string(redactor.secret(finding.secret))),
                ("message", .string(finding.message)),
                ("remediation", .string(finding.remediation)),
                ("occurrences", .array(finding.occurrences.map { occurrence in
                    .object(OccurrenceFields.fields(occurrence, finding: finding, redactor: redactor)
                        + [("context", OccurrenceFields.context(occurrence, finding: finding, redactor: redactor))])
                })),
            ])
        }
        return .object([
            ("tool", .object([("name", .string("stowaway")), ("version", .string(context.toolVersion))])),
            ("findings", .array(findings)),
            ("summary", Self.summary(report.summary)),
            ("applied", .object(context.appliedFiles.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("errors", .array(report.issues.map(Self.issue))),
        ])
    }

    static func summary(_ summary: ScanSummary) -> JSONValue {
        .object([
            ("files_scanned", .int(summary.filesScanned)),
            ("bytes_scanned", .int(summary.bytesScanned)),
            ("binary_files_skipped", .int(summary.binaryFilesSkipped)),
            ("files_skipped_too_large", .int(summary.filesSkippedTooLarge)),
            ("files_excluded", .int(summary.filesExcluded)),
            ("symlinks_skipped", .int(summary.symlinksSkipped)),
            ("findings", .int(summary.findings)),
            ("occurrences", .int(summary.occurrences)),
            ("suppressed", .int(summary.suppressed)),
            ("hidden", .int(summary.hidden)),
            ("rules", .int(summary.rules)),
            ("duration_seconds", .double((summary.durationSeconds * 1000).rounded() / 1000)),
        ])
    }

    static func issue(_ issue: ScanIssue) -> JSONValue {
        .object([("kind", .string(issue.kind.rawValue)), ("input", .string(issue.input)), ("message", .string(issue.message))])
    }
}

/// `--format jsonl`: one occurrence per line with flat keys, for `jq` and log pipelines.
public struct JSONLinesReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        let redactor = context.redactor
        var output = ""
        for finding in report.findings {
            for occurrence in finding.occurrences {
                let line: JSONValue = .object([
                    ("rule_id", .string(finding.ruleID)),
                    ("rule_name", .string(finding.ruleName)),
                    ("severity", .string(finding.severity.rawValue)),
                    ("confidence", .string(finding.confidence.rawValue)),
                    ("fingerprint", .string(finding.fingerprint.value)),
                    ("secret", .string(redactor.secret(finding.secret))),
                ] + OccurrenceFields.fields(occurrence, finding: finding, redactor: redactor))
                output += line.serialized() + "\n"
            }
        }
        return output
    }
}
