import Foundation
import StowawayCore
import StowawayKit
import StowawayReport
import Testing

final class TempFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-kit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }
}

@Suite struct ConfigFileTests {
    @Test func appliesEveryKeyOnTopOfTheDefaults() throws {
        let folder = try TempFolder()
        let file = try folder.write("stowaway.yml", """
            rules: [extra-rules]
            builtin_rules: false
            disabled_rules: [generic-password]
            severity:
              slack-webhook-url: low
            exclude: ['vendor/**']
            format: [sarif=out.sarif, text]
            fail_on: high
            min_severity: medium
            min_confidence: medium
            max_file_size: 1000
            respect_gitignore: true
            baseline: base.json
            """)
        var settings = Settings()
        try ConfigFile.load(file).apply(to: &settings)
        #expect(settings.ruleDirectories == [folder.path + "/extra-rules"])
        #expect(!settings.builtinRules)
        #expect(settings.disabledRules == ["generic-password"])
        #expect(settings.severityOverrides == ["slack-webhook-url": .low])
        #expect(settings.excludes == ["vendor/**"])
        #expect(settings.outputs == [OutputSpec(format: .sarif, path: "out.sarif"), OutputSpec(format: .text, path: nil)])
        #expect(settings.failOn == .high)
        #expect(settings.minSeverity == .medium)
        #expect(settings.minConfidence == .medium)
        #expect(settings.maxFileSize == 1000)
        #expect(settings.respectGitignore)
        #expect(settings.baseline == folder.path + "/base.json")
    }

    @Test(arguments: [
        ("fail_on: sometimes", "fail_on"),
        ("max_file_size: big", "max_file_size"),
        ("exclude: {a: b}", "exclude"),
        ("colour: red", "unknown key `colour`"),
        ("format: [pdf]", "unknown format"),
    ])
    func wrongTypesAreErrorsWithFileAndLine(text: String, message: String) throws {
        let folder = try TempFolder()
        let file = try folder.write("stowaway.yml", "builtin_rules: true\n" + text + "\n")
        #expect {
            _ = try ConfigFile.load(file)
        } throws: { error in
            let description = "\(error)"
            return description.contains("stowaway.yml:2") && description.contains(message)
        }
    }

    @Test func disabledRulesAndSeverityOverridesAdjustThePack() {
        var settings = Settings()
        settings.disabledRules = ["a"]
        settings.severityOverrides = ["b": .low]
        let rules = [Rule(id: "a", name: "A", severity: .high, confidence: .high, pattern: "a"),
                     Rule(id: "b", name: "B", severity: .high, confidence: .high, pattern: "b")]
        let adjusted = settings.adjust(rules)
        #expect(adjusted.map(\.id) == ["b"])
        #expect(adjusted.first?.severity == .low)
    }
}

@Suite struct SuppressionTests {
    static func report(_ secrets: [(String, String)]) -> ScanReport {
        let rule = Rule(id: "demo", name: "Demo", severity: .high, confidence: .high, pattern: "x")
        var aggregator = FindingAggregator()
        for (secret, path) in secrets {
            let location = Location(line: 1, column: 1, endLine: 1, endColumn: 2, byteOffset: 0, byteLength: 1)
            aggregator.add(rule: rule, secret: secret, occurrence: Occurrence(provenance: .file(path), location: location))
        }
        var summary = ScanSummary()
        summary.findings = aggregator.findings.count
        return ScanReport(findings: aggregator.sorted(), summary: summary, issues: [])
    }

    @Test func baselineHidesKnownSecretsButNotNewOnes() throws {
        let folder = try TempFolder()
        let old = Self.report([("first-secret-value", "a.txt")])
        let baseline = try folder.write("baseline.json", BaselineWriter.document(for: old, toolVersion: "0"))
        #expect(!(try String(contentsOfFile: baseline, encoding: .utf8)).contains("first-secret-value"), "no secret in the baseline")
        var suppressions = Suppressions()
        try suppressions.addBaseline(baseline)
        var current = Self.report([("first-secret-value", "moved/b.txt"), ("second-secret-value", "a.txt")])
        suppressions.apply(to: &current)
        #expect(current.findings.map(\.secret) == ["second-secret-value"])
        #expect(current.summary.suppressed == 1)
    }

    @Test func ignoreFileTakesFingerprintsAndGlobsWithComments() throws {
        let folder = try TempFolder()
        let first = Fingerprint(ruleID: "demo", secret: "one-secret-value")
        let file = try folder.write(".stowawayignore", "# accepted\n\(first.value)  # rotated already\n\ntests/**\n")
        var suppressions = Suppressions()
        try suppressions.addIgnoreFile(file)
        var report = Self.report([("one-secret-value", "a.txt"), ("two-secret-value", "tests/x.txt"), ("three-secret-value", "src/y.txt")])
        suppressions.apply(to: &report)
        #expect(report.findings.map(\.secret) == ["three-secret-value"])
        #expect(report.summary.suppressed == 2)
    }

    @Test func aReportThatIsNotABaselineIsAnError() throws {
        let folder = try TempFolder()
        let file = try folder.write("x.json", "{\"something\": 1}")
        var suppressions = Suppressions()
        #expect(throws: StowawayError.self) { try suppressions.addBaseline(file) }
    }
}
