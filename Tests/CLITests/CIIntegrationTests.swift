import Foundation
import Testing

/// The CI-facing acceptance scenarios: baselines, severity gates, untrusted repository configuration, several outputs.
@Suite struct CIIntegrationTests {
    let token = SyntheticTokens.githubClassic(seed: 7)
    let second = SyntheticTokens.githubClassic(seed: 8)

    @Test func baselineSurvivesInsertedLinesAndReportsOnlyTheNewSecret() throws {
        let tree = try Scratch()
        try tree.write("app/settings.py", "A = 1\nTOKEN = \"\(token)\"\n")
        let state = try Scratch()
        let baseline = state.path + "/baseline.json"
        let created = try CLI.run(["baseline", "create", tree.path, "--output", baseline])
        #expect(created.status == 0, "\(created.output)")
        let baselineText = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(!baselineText.contains(token), "the baseline holds no secret")

        try tree.write("app/settings.py", "# new header\n\n\nA = 1\nTOKEN = \"\(token)\"\nOTHER = \"\(second)\"\n")
        let result = try CLI.run(["scan", tree.path, "--baseline", baseline, "--format", "jsonl", "--show-secrets"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stdout)")
        #expect(lines.first?.contains(second) == true)
        #expect(lines.first?.contains("\"line\":6") == true)

        // A previous JSON report works as a baseline too.
        let report = state.path + "/report.json"
        _ = try CLI.run(["scan", tree.path, "--format", "json", "--output", report])
        #expect(try CLI.run(["scan", tree.path, "--baseline", report]).status == 0)
    }

    @Test func inlineAllowOnTheLineOrTheLineBeforeSuppressesAndIsCounted() throws {
        let tree = try Scratch()
        try tree.write("a.py", "TOKEN = \"\(token)\"  # stowaway:allow\n# gitleaks:allow\nOTHER = \"\(second)\"\n")
        let result = try CLI.run(["scan", tree.path, "--format", "json"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("\"suppressed\": 2"))
    }

    @Test func failOnHighWithOnlyMediumFindingsExitsZero() throws {
        let rules = try Scratch()
        try rules.write("medium.yml", """
            rules:
              - id: demo-medium
                name: Demo medium
                severity: medium
                confidence: high
                pattern: '\\b(medtok_[a-z]{12})\\b'
                examples: ['medtok_{{gen:[a-z]{12}}}']
            """)
        let tree = try Scratch()
        try tree.write("a.txt", "x = medtok_abcdefghijkl\n")
        let base = ["scan", tree.path, "--rules", rules.path, "--no-builtin-rules"]
        #expect(try CLI.run(base).status == 1)
        #expect(try CLI.run(base + ["--fail-on", "high"]).status == 0)
        let hidden = try CLI.run(base + ["--min-severity", "high", "--format", "json"])
        #expect(hidden.status == 0)
        #expect(hidden.stdout.contains("\"hidden\": 1"))
    }

    @Test func aRepositoryCannotAllowItselfWithItsOwnConfig() throws {
        let tree = try leakyRepository()
        let untrusted = try CLI.run(["scan", tree.path, "--format", "json"])
        #expect(untrusted.status == 1, "the repository's own config must not hide its leak: \(untrusted.output)")
        #expect(untrusted.stderr.contains("not applied"), "\(untrusted.stderr)")
        let trusted = try CLI.run(["scan", tree.path, "--trust-repo-config", "--format", "json"])
        #expect(trusted.status == 0, "\(trusted.output)")
        #expect(trusted.stdout.contains("\"config\""), "the report names the applied config")
        let explicit = try CLI.run(["scan", tree.path, "--config", tree.path + "/stowaway.yml"])
        #expect(explicit.status == 0)
    }

    func leakyRepository() throws -> Scratch {
        let tree = try Scratch()
        try tree.write("stowaway.yml", "exclude: ['**']\nfail_on: critical\n")
        try tree.write(".stowawayignore", "**\n")
        try tree.write("deploy/env.sh", "export GH_TOKEN=\(token)\n")
        return tree
    }

    @Test func severalFormatsAtOnceAndNoSecretInAny() throws {
        let tree = try Scratch()
        try tree.write("a/b.env", "GITHUB_TOKEN=\(token)\n")
        let out = try Scratch()
        var arguments = ["scan", tree.path, "--format", "text"]
        for format in ["json", "jsonl", "sarif", "junit", "gitlab", "csv"] {
            arguments += ["--format", "\(format)=\(out.path)/report.\(format)"]
        }
        let result = try CLI.run(arguments)
        #expect(result.status == 1)
        #expect(!result.output.contains(token))
        for format in ["json", "jsonl", "sarif", "junit", "gitlab", "csv"] {
            let text = try String(contentsOfFile: "\(out.path)/report.\(format)", encoding: .utf8)
            #expect(text.contains("a/b.env"), "\(format) names the file")
            #expect(!text.contains(token), "\(format) leaks the secret")
            #expect(!text.contains(String(token.dropFirst(4).prefix(10))), "\(format) leaks part of the secret")
        }
    }
}

/// The integration examples in docs/ci run the same commands users copy: each `stowaway scan` line there must work.
@Suite struct CIExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: ["docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml"])
    func documentedScanCommandsRun(file: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent(file).path, encoding: .utf8)
        let commands = text.split(separator: "\n").compactMap { line -> [String]? in
            guard let start = line.range(of: "stowaway scan ") else { return nil }
            return line[start.lowerBound...].split(separator: " ").map(String.init)
        }
        #expect(!commands.isEmpty, "\(file) has no stowaway scan command")
        for command in commands {
            let tree = try Scratch()
            try tree.write("deploy.env", "GITHUB_TOKEN=\(SyntheticTokens.githubClassic(seed: 3))\n")
            let result = try CLI.run(Array(command.dropFirst()), in: tree.path)
            #expect(result.status == 1, "\(command.joined(separator: " ")): \(result.output)")
            for argument in command where argument.contains("=") && argument.first != "-" {
                let output = String(argument.split(separator: "=", maxSplits: 1)[1])
                #expect(FileManager.default.fileExists(atPath: tree.path + "/" + output), "\(output) not written")
            }
        }
    }
}
