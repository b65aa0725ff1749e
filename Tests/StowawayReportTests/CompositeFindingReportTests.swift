import Foundation
import StowawayCore
import StowawayReport
import Testing

/// A composite finding (an AWS-style key id and its secret key on two lines) in every report format.
enum CompositeReport {
    static let keyID = "DKIDQ7RTX2MZP4LKW9HB"
    static let secretKey = "Zx8kQ2pL0vN5wR7tY3uI9oP1aB4cD6eF8gH0jK2m"

    static var report: ScanReport {
        let first = Location(line: 2, column: 21, endLine: 2, endColumn: 41, byteOffset: 30, byteLength: 20)
        let second = Location(line: 3, column: 25, endLine: 3, endColumn: 65, byteOffset: 75, byteLength: 40)
        let occurrence = Occurrence(
            provenance: .file("home/.aws/credentials"), location: first, lineText: "aws_access_key_id = \(keyID)",
            related: [RelatedLocation(ruleID: "demo-secret", location: second,
                                      lineText: "aws_secret_access_key = \(secretKey)")])
        let finding = Finding(ruleID: "demo-pair", ruleName: "Demo key pair", severity: .critical, confidence: .high,
                              secret: CompositeSecret.join([keyID, secretKey]), message: "Demo key pair found",
                              remediation: "Delete the key.", occurrences: [occurrence])
        var summary = ScanSummary()
        summary.findings = 1
        summary.occurrences = 1
        return ScanReport(findings: [finding], summary: summary, issues: [])
    }

    static let rule = Rule(id: "demo-pair", name: "Demo key pair", severity: .critical, confidence: .high, pattern: "",
                           composite: CompositeSpec(parts: [["demo-key-id"], ["demo-secret"]], withinLines: 5),
                           remediation: "Delete the key.")

    static func render(_ format: ReportFormat, show: Bool = false) -> String {
        let context = ReportContext(redactor: Redactor(showSecrets: show), toolVersion: "0.0.0", rules: ["demo-pair": rule],
                                    startTime: Date(timeIntervalSince1970: 1_700_000_000),
                                    endTime: Date(timeIntervalSince1970: 1_700_000_001))
        return format.reporter.render(report, context: context)
    }
}

@Suite struct CompositeFindingReportTests {
    @Test(arguments: ReportFormat.allCases)
    func neitherPartIsPrintedUnlessAsked(format: ReportFormat) {
        let text = CompositeReport.render(format)
        #expect(!text.contains(CompositeReport.keyID), "\(format.rawValue) shows the key id")
        #expect(!text.contains(CompositeReport.secretKey), "\(format.rawValue) shows the secret key")
        #expect(!text.contains("\u{1F}"), "\(format.rawValue) shows the part separator")
        #expect(CompositeReport.render(format, show: true).contains(CompositeReport.secretKey))
    }

    @Test func jsonListsTheOtherPartAsRelated() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(CompositeReport.render(.json).utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["secret"] as? String == "DKID***** + Zx8k*****")
        let occurrence = try #require((finding["occurrences"] as? [[String: Any]])?.first)
        #expect(occurrence["line"] as? Int == 2)
        let related = try #require((occurrence["related"] as? [[String: Any]])?.first)
        #expect(related["rule_id"] as? String == "demo-secret")
        #expect(related["line"] as? Int == 3)
        #expect(related["context"] as? String == "aws_secret_access_key = Zx8k*****")
    }

    @Test func sarifHasOneResultWithThePartnerInRelatedLocations() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(CompositeReport.render(.sarif).utf8)) as? [String: Any])
        let results = try #require((object["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let result = try #require(results.first)
        let primary = try #require(((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(primary["startLine"] as? Int == 2)
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first)
        let region = try #require((related["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3)
        #expect(region["startColumn"] as? Int == 25)
        #expect(((related["message"] as? [String: Any])?["text"] as? String)?.contains("demo-secret") == true)
        #expect((result["properties"] as? [String: Any])?["related"] == nil)
    }

    @Test func sarifWithRelatedLocationsIsValidAgainstTheOASISSchema() throws {
        guard FileManager.default.isExecutableFile(atPath: SARIFSchemaTests.python) else {
            Issue.record("no test Python at \(SARIFSchemaTests.python): run `make test-tools`")
            return
        }
        let (valid, output) = try SARIFSchemaTests.validate(CompositeReport.render(.sarif))
        #expect(valid, "SARIF is not valid: \(output)")
    }

    @Test func textNamesWhereTheOtherPartIs() {
        let text = CompositeReport.render(.text)
        #expect(text.contains("with demo-secret at 3:25"))
        #expect(text.contains("aws_secret_access_key = Zx8k*****"))
    }
}
