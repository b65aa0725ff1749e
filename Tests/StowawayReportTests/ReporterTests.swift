import Foundation
import StowawayCore
@testable import StowawayReport
import Testing

enum SampleReport {
    static let secret = "tok_Zx8kQ2pL0vN5wR7tY3uI9oP1"

    static var report: ScanReport {
        let location = Location(line: 3, column: 10, endLine: 3, endColumn: 38, byteOffset: 40, byteLength: 28)
        var provenance = Provenance.file("app/con\"fig.py")
        provenance.createdBy = "RUN echo \(secret) > /etc/x"
        let occurrence = Occurrence(provenance: provenance, location: location, lineText: "TOKEN = \"\(secret)\"")
        let finding = Finding(ruleID: "demo-token", ruleName: "Demo token", severity: .critical, confidence: .high,
                              secret: secret, message: "Demo token found", remediation: "Revoke it.",
                              occurrences: [occurrence])
        var summary = ScanSummary()
        summary.filesScanned = 1
        summary.findings = 1
        summary.occurrences = 1
        return ScanReport(findings: [finding], summary: summary,
                          issues: [ScanIssue(.error, input: "bad\nfile", message: "cannot read")])
    }

    static let rule = Rule(id: "demo-token", name: "Demo token", description: "A demo token.", severity: .critical,
                           confidence: .high, pattern: "x", references: ["https://example.invalid/revoke"],
                           remediation: "Revoke it.", tags: ["demo"])

    /// Fixed times so snapshots are stable.
    static func context(show: Bool = false) -> ReportContext {
        ReportContext(redactor: Redactor(showSecrets: show), toolVersion: "0.0.0", rules: ["demo-token": rule],
                      startTime: Date(timeIntervalSince1970: 1_700_000_000), endTime: Date(timeIntervalSince1970: 1_700_000_002))
    }

    static func render(_ format: ReportFormat, show: Bool = false) -> String {
        format.reporter.render(report, context: context(show: show))
    }
}

@Suite struct ReporterTests {
    @Test(arguments: ReportFormat.allCases)
    func noFormatPrintsTheSecretUnlessAsked(format: ReportFormat) {
        #expect(!SampleReport.render(format).contains(SampleReport.secret))
        #expect(SampleReport.render(format, show: true).contains(SampleReport.secret))
    }

    @Test func jsonIsValidAndCarriesSummaryAndErrors() throws {
        let text = SampleReport.render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.first?["rule_id"] as? String == "demo-token")
        let occurrence = try #require((findings.first?["occurrences"] as? [[String: Any]])?.first)
        #expect(occurrence["path"] as? String == "app/con\"fig.py")
        #expect(occurrence["line"] as? Int == 3)
        #expect((object["summary"] as? [String: Any])?["files_scanned"] as? Int == 1)
        #expect((object["errors"] as? [[String: Any]])?.first?["input"] as? String == "bad\nfile")
    }

    @Test func jsonLinesHaveTheDocumentedFlatKeys() throws {
        let lines = SampleReport.render(.jsonl).split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["rule_id", "rule_name", "severity", "confidence", "fingerprint", "secret", "source", "path", "line",
                    "column", "end_line", "created_by"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["commit"] == nil, "absent provenance is left out, not null")
    }

    @Test func textGroupsByFileAndEndsWithASummary() {
        let text = SampleReport.render(.text)
        #expect(text.hasPrefix("app/con\"fig.py\n"))
        #expect(text.contains("3:10  CRITICAL  demo-token"))
        #expect(text.contains("fix: Revoke it."))
        #expect(text.hasSuffix("1 finding (1 critical) in 1 place; 1 file, 0 B scanned in 0.0 s; 1 error (scan incomplete)\n"))
        #expect(!text.contains("\u{1B}["), "no colours unless asked")
    }

    @Test func textAndJUnitNameTheAppliedFiles() {
        var context = SampleReport.context()
        context.appliedFiles = ["config": "ci/stowaway.yml", "baseline": "base.json"]
        let text = TextReporter().render(SampleReport.report, context: context)
        #expect(text.hasSuffix("applied: baseline base.json, config ci/stowaway.yml\n"))
        let junit = JUnitReporter().render(SampleReport.report, context: context)
        #expect(junit.contains("<property name=\"stowaway.config\" value=\"ci/stowaway.yml\"/>"))
    }

    @Test func jsonEscapesControlCharacters() {
        let value = JSONValue.string("a\"b\\c\nd\u{01}")
        #expect(value.serialized() == #""a\"b\\c\nd\u0001""#)
    }
}

/// JSON strings are written from UTF-8 in runs; the escapes must be exactly JSON's, and the result must parse back to
/// the same text.
@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain ascii", #""plain ascii""#),
        ("quote \" and backslash \\", #""quote \" and backslash \\""#),
        ("tab\tline\nreturn\r", #""tab\tline\nreturn\r""#),
        ("\u{1}\u{1B}\u{1F}", #""\u0001\u001b\u001f""#),
        ("line\u{2028}para\u{2029}end", #""line\u2028para\u2029end""#),
        ("ünïcödé ✓ 🔑 \u{E2}", "\"ünïcödé ✓ 🔑 \u{E2}\""),
        ("", #""""#),
    ])
    func escapesLikeJSON(text: String, expected: String) throws {
        var bytes: [UInt8] = []
        JSONValue.writeString(text, into: &bytes)
        let output = String(decoding: bytes, as: UTF8.self)
        #expect(output == expected)
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + output + "]").utf8)) as? [String]
        #expect(parsed == [text])
    }
}
