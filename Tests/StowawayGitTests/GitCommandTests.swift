import Foundation
import StowawayCore
import Testing

/// `stowaway git` as a user runs it: output keys, exit codes, the blocked-commit message.
@Suite struct GitCommandTests {
    /// A rules folder holding the test rule, so these runs do not depend on the built-in pack.
    static func rulesFolder(in repo: GitFixture) throws -> String {
        let folder = repo.root + "/rules"
        try repo.write("test.yml", TestEngine.yaml, in: folder)
        return folder
    }

    static func lines(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func jsonlCarriesTheAttribution() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(500)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        let commit = try repo.commit("add", files: ["src/config.json": "{\n  \"token\": \"\(token)\"\n}\n"])
        let blob = try repo.git("rev-parse", "HEAD:src/config.json")
        let rules = try Self.rulesFolder(in: repo)

        let result = try BuiltBinary.run(["git", repo.path, "--rules", rules, "--no-builtin-rules", "--format", "jsonl"],
                                         in: repo.root)
        #expect(result.status == 1, "\(result.stderr)")
        let records = try Self.lines(result.stdout)
        let record = try #require(records.first { $0["rule_id"] as? String == "test-github-token" })
        #expect(record["source"] as? String == "git")
        #expect(record["commit"] as? String == commit)
        #expect(record["author"] as? String == GitFixture.author.name)
        #expect(record["email"] as? String == GitFixture.author.email)
        #expect(record["date"] as? String == GitFixture.isoDate(tick: 2))
        #expect(record["path"] as? String == "src/config.json")
        #expect(record["line"] as? Int == 2)
        #expect(record["refs"] as? [String] == ["refs/heads/main"])
        #expect(record["in_head"] as? Bool == true)
        #expect(record["blob"] as? String == blob)
        #expect(!result.stdout.contains(token), "secrets are redacted by default")
    }

    @Test func corruptObjectExitsTwoAfterReportingTheRest() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(501)
        try repo.commit("add", files: ["good.txt": "\(token)\n", "bad.txt": "bad\n"])
        let blob = try repo.git("rev-parse", "HEAD:bad.txt")
        let object = repo.path + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: object))
        let rules = try Self.rulesFolder(in: repo)

        let result = try BuiltBinary.run(["git", repo.path, "--rules", rules, "--no-builtin-rules", "--format", "jsonl"],
                                         in: repo.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains(blob))
        #expect(try Self.lines(result.stdout).contains { $0["path"] as? String == "good.txt" })
    }

    @Test func stagedSecretBlocksWithAdvice() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(502)
        try repo.commit("initial", files: ["app.txt": "one\n"])
        try repo.write("app.txt", "one\nTOKEN=\(token)\n")
        try repo.git("add", "app.txt")
        let rules = try Self.rulesFolder(in: repo)

        let blocked = try BuiltBinary.run(["git", "--staged", "--rules", rules, "--no-builtin-rules"], in: repo.path)
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("app.txt"))
        #expect(blocked.stderr.contains("commit blocked"))
        #expect(blocked.stderr.contains("app.txt:2"))
        #expect(!(blocked.stdout + blocked.stderr).contains(token))

        try repo.write("app.txt", "one\nTOKEN=${TOKEN}\n")
        try repo.git("add", "app.txt")
        let clean = try BuiltBinary.run(["git", "--staged", "--rules", rules, "--no-builtin-rules"], in: repo.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }

    @Test func stagedCannotBeCombinedWithARange() throws {
        let repo = try GitFixture()
        let result = try BuiltBinary.run(["git", "--staged", "--range", "a..b"], in: repo.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--staged cannot be combined"))
    }
}
