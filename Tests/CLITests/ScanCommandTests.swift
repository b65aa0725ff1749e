import Foundation
import Testing

/// The foundation's acceptance scenarios, run against the built binary.
@Suite struct ScanCommandTests {
    let token = SyntheticTokens.githubClassic(seed: 42)

    func leakyTree() throws -> Scratch {
        let tree = try Scratch()
        try tree.write("app/config.py", "import os\n\nGITHUB_TOKEN = \"\(token)\"\nDEBUG = True\n")
        try tree.write("README.md", "# demo\n")
        return tree
    }

    @Test func findsTheTokenExitsOneAndNeverPrintsItWhole() throws {
        let tree = try leakyTree()
        let before = try tree.snapshot()
        for format in ["text", "json", "jsonl"] {
            let result = try CLI.run(["scan", tree.path, "--format", format])
            #expect(result.status == 1, "\(format): \(result.stderr)")
            #expect(!result.output.contains(token), "\(format) leaks the token")
            #expect(!result.output.contains(String(token.dropFirst(4).prefix(12))), "\(format) leaks part of the token")
        }
        #expect(try tree.snapshot() == before, "the scan wrote into the scanned tree")
    }

    @Test func jsonlNamesPathAndLine() throws {
        let tree = try leakyTree()
        let result = try CLI.run(["scan", tree.path, "--format", "jsonl"])
        let lines = result.stdout.split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let github = try #require(objects.first { ($0["rule_id"] as? String)?.hasPrefix("github") == true })
        #expect(github["path"] as? String == "app/config.py")
        #expect(github["line"] as? Int == 3)
        #expect(github["column"] as? Int == 17)
        #expect(github["severity"] as? String == "critical")
    }

    @Test func showSecretsPrintsTheToken() throws {
        let tree = try leakyTree()
        let result = try CLI.run(["scan", tree.path, "--format", "jsonl", "--show-secrets"])
        #expect(result.status == 1)
        #expect(result.stdout.contains(token))
    }

    @Test func outputFileReceivesTheReport() throws {
        let tree = try leakyTree()
        let out = try Scratch()
        let result = try CLI.run(["scan", tree.path, "--format", "json", "--output", out.path + "/r.json"])
        #expect(result.status == 1)
        let data = try #require(FileManager.default.contents(atPath: out.path + "/r.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["findings"] as? Int ?? 0 >= 1)
    }

    @Test func cleanTreeExitsZero() throws {
        let tree = try Scratch()
        try tree.write("main.swift", "print(\"hello\")\nlet timeout = 30\n")
        let result = try CLI.run(["scan", tree.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("no findings"))
    }

    @Test func nonexistentPathExitsTwoNamingIt() throws {
        let result = try CLI.run(["scan", "/nonexistent/stowaway-path"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/stowaway-path"))
    }

    @Test func brokenRuleFileExitsTwoNamingFileAndLine() throws {
        let rules = try Scratch()
        try rules.write("bad.yml", "rules:\n  - id: broken\n    name: [unclosed\n    severity: high\n")
        let tree = try leakyTree()
        let result = try CLI.run(["scan", tree.path, "--rules", rules.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yml:"), "\(result.stderr)")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["scan", "--no-such-flag"]).status == 2)
        #expect(try CLI.run(["scan", "--fail-on", "sometimes"]).status == 2)
        #expect(try CLI.run(["scan", "--threads", "0"]).status == 2)
        #expect(try CLI.run(["--help"]).status == 0)
        #expect(try CLI.run(["--version"]).status == 0)
        let help = try CLI.run(["scan", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--fail-on"), "\(help.output)")
    }

    @Test func failOnThresholdDecidesExitCode() throws {
        let tree = try leakyTree()
        #expect(try CLI.run(["scan", tree.path, "--fail-on", "critical"]).status == 1)
        let rules = try Scratch()
        try rules.write("low.yml", """
            rules:
              - id: demo-low
                name: Demo low
                severity: low
                confidence: high
                pattern: '\\b(lowtok_[a-z]{10})\\b'
                examples: ['lowtok_{{gen:[a-z]{10}}}']
            """)
        let lowTree = try Scratch()
        try lowTree.write("a.txt", "x = lowtok_qwertyuiop\n")
        #expect(try CLI.run(["scan", lowTree.path, "--rules", rules.path, "--no-builtin-rules"]).status == 1)
        #expect(try CLI.run(["scan", lowTree.path, "--rules", rules.path, "--no-builtin-rules", "--fail-on", "high"]).status == 0)
    }

    @Test func standardInputIsScanned() throws {
        let result = try CLI.run(["scan", "-", "--format", "jsonl"], stdin: Data("a\nb\nTOKEN=\(token)\n".utf8))
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"line\":3"))
        #expect(result.stdout.contains("\"source\":\"stdin\""))
    }

    @Test func binaryFilesAreSkippedAndCounted() throws {
        let tree = try Scratch()
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0] + Array("TOKEN=\(token)".utf8)).write(to: URL(fileURLWithPath: tree.path + "/a.bin"))
        let result = try CLI.run(["scan", tree.path, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"binary_files_skipped\": 1"))
        #expect(try CLI.run(["scan", tree.path, "--scan-binary"]).status == 1)
    }

    @Test func filesOverTheSizeLimitAreSkippedWithANote() throws {
        let tree = try leakyTree()
        let result = try CLI.run(["scan", tree.path, "--max-file-size", "20", "--format", "json"])
        #expect(result.status == 0, "the leaky file is over the limit: \(result.output)")
        #expect(result.stderr.contains("app/config.py: skipped"), "\(result.stderr)")
        #expect(result.stdout.contains("\"files_skipped_too_large\": 1"))
    }

    @Test func excludeGlobSkipsPaths() throws {
        let tree = try leakyTree()
        #expect(try CLI.run(["scan", tree.path, "--exclude", "app/**"]).status == 0)
    }
}

@Suite struct RulesCommandTests {
    @Test func listShowsBuiltinRules() throws {
        let result = try CLI.run(["rules", "list"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count >= 60)
        #expect(result.stdout.contains("swarm"))
    }

    @Test func checkPassesOnTheBuiltinPackAndFailsOnABadOne() throws {
        let good = try CLI.run(["rules", "check"])
        #expect(good.status == 0, "\(good.stderr)")
        let rules = try Scratch()
        try rules.write("r.yml", """
            rules:
              - id: demo-bad
                name: Demo bad
                severity: high
                confidence: high
                pattern: '\\b(badtok_[a-z]{10})\\b'
                examples: ['badtok_{{gen:[A-Z]{10}}}']
                negative_examples: ['badtok_{{gen:[a-z]{10}}}']
            """)
        let bad = try CLI.run(["rules", "check", "--rules", rules.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("r.yml:7: demo-bad: example is not matched"), "\(bad.stderr)")
        #expect(bad.stderr.contains("r.yml:8: demo-bad: negative example is matched"), "\(bad.stderr)")
    }
}

/// The progress line appears only on a terminal (and not with --quiet); `script` gives the binary a terminal.
@Suite struct ProgressLineTests {
    @Test func progressOnlyOnATerminal() throws {
        let tree = try Scratch()
        for index in 0..<3000 { try tree.write("d\(index % 30)/f\(index).txt", String(repeating: "line \(index)\n", count: 200)) }
        let piped = try CLI.run(["scan", tree.path, "--format", "json", "--no-cache"])
        #expect(!piped.stderr.contains("scanning:"), "no progress when standard error is not a terminal")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (util-linux) is needed to give the binary a terminal")
            return
        }
        let command = "\(CLI.binary) scan \(tree.path) --format json --output /dev/null --no-cache --threads 1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qc", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("scanning:") && text.contains("/3000 files"), "\(text.prefix(300))")
    }
}
