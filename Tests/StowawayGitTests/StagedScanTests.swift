import Foundation
import StowawayCore
import StowawayEngine
import StowawayKit
import Testing

/// `stowaway git --staged`: what the next commit would add, never the working tree.
@Suite struct StagedScanTests {
    @Test func stagedLinesOnlyNotUnstagedOrUntracked() throws {
        let repo = try GitFixture()
        let staged = TestTokens.github(400)
        let unstaged = TestTokens.github(401)
        let untracked = TestTokens.github(402)
        try repo.commit("initial", files: ["app.txt": "one\n"])
        try repo.write("app.txt", "one\nSTAGED=\(staged)\n")
        try repo.git("add", "app.txt")
        try repo.write("app.txt", "one\nSTAGED=\(staged)\nUNSTAGED=\(unstaged)\n")
        try repo.write("new.txt", "\(untracked)\n")

        let report = try scanStaged(repo.path)
        #expect(report.secrets == [staged])
        #expect(report.places(of: staged) == [Place(source: "staged", commit: nil, path: "app.txt", line: 2)])
    }

    @Test func onlyLinesAddedRelativeToHead() throws {
        let repo = try GitFixture()
        let old = TestTokens.github(403)
        let new = TestTokens.github(404)
        try repo.commit("initial", files: ["keys.txt": "A=\(old)\n"])
        try repo.write("keys.txt", "A=\(old)\nB=x\nC=\(new)\n")
        try repo.git("add", "keys.txt")

        let report = try scanStaged(repo.path)
        #expect(report.secrets == [new])
        #expect(report.places(of: new) == [Place(source: "staged", commit: nil, path: "keys.txt", line: 3)])
    }

    /// A key pair whose secret half is staged next to a key id committed earlier is new: the pair is reported.
    @Test func aPairIsNewWhenEitherPartIsOnAnAddedLine() throws {
        let keyID = Rule(id: "test-key-id", name: "Key id", severity: .high, confidence: .high, pattern: #"\b(KID[A-Z0-9]{12})\b"#)
        let pair = Rule(id: "test-pair", name: "Pair", severity: .critical, confidence: .high, pattern: "",
                        composite: CompositeSpec(parts: [["test-key-id"], ["test-github-token"]], withinLines: 3))
        let engine = try Engine(rules: [TestEngine.rule, keyID, pair])
        let repo = try GitFixture()
        let token = TestTokens.github(410)
        try repo.commit("initial", files: ["creds.txt": "id=KIDA1B2C3D4E5F6\n"])
        try repo.write("creds.txt", "id=KIDA1B2C3D4E5F6\nsecret=\(token)\n")
        try repo.git("add", "creds.txt")

        let report = try GitScan(engine: engine).runStaged(repository: repo.path)
        #expect(report.findings.map(\.ruleID) == ["test-pair"])
        #expect(report.findings.first?.secretParts == ["KIDA1B2C3D4E5F6", token])
    }

    @Test func stagedRenameAddsNothing() throws {
        let repo = try GitFixture()
        let old = TestTokens.github(405)
        try repo.commit("initial", files: ["old.txt": "a\nb\nc\nA=\(old)\n"])
        try repo.git("mv", "old.txt", "new.txt")
        #expect(try scanStaged(repo.path).findings.isEmpty)
    }

    @Test func worksBeforeTheFirstCommit() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(406)
        try repo.write("first.txt", "hello\n\(token)\n")
        try repo.git("add", "first.txt")
        let report = try scanStaged(repo.path)
        #expect(report.places(of: token) == [Place(source: "staged", commit: nil, path: "first.txt", line: 2)])
    }

    @Test func duringAMergeOnlyTheResolutionIsNew() throws {
        let repo = try GitFixture()
        let fromSide = TestTokens.github(407)
        let inResolution = TestTokens.github(408)
        try repo.commit("initial", files: ["conflict.txt": "base\n"])
        try repo.git("checkout", "-q", "-b", "side")
        try repo.commit("side", files: ["side.txt": "S=\(fromSide)\n", "conflict.txt": "side\n"])
        try repo.git("checkout", "-q", "main")
        try repo.commit("main", files: ["conflict.txt": "main\n"])
        repo.advanceClock()
        try repo.git("merge", "-q", "side", allowFailure: true)
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/MERGE_HEAD"))

        // Unresolved: noted, nothing else reported.
        let unresolved = try scanStaged(repo.path)
        #expect(unresolved.findings.isEmpty)
        #expect(unresolved.issues.contains { $0.input == "conflict.txt" && $0.message.contains("conflict") })

        try repo.write("conflict.txt", "resolved\nR=\(inResolution)\n")
        try repo.git("add", "conflict.txt")
        let report = try scanStaged(repo.path)
        #expect(report.secrets == [inResolution])
        #expect(report.places(of: inResolution) == [Place(source: "staged", commit: nil, path: "conflict.txt", line: 2)])
    }

    @Test func binaryStagedFileComparesSecretsWithHead() throws {
        let repo = try GitFixture()
        let old = TestTokens.github(409)
        let new = TestTokens.github(410)
        try repo.write("data.bin", Data("\u{0}\u{1}A=\(old)\u{0}".utf8))
        try repo.commit("binary")
        try repo.write("data.bin", Data("\u{0}\u{1}A=\(old)\u{0}B=\(new)\u{0}".utf8))
        try repo.git("add", "data.bin")
        let report = try scanStaged(repo.path)
        #expect(report.secrets == [new])
    }

    @Test func bareRepositoryIsAnError() throws {
        let source = try GitFixture()
        try source.commit("one", files: ["a.txt": "a\n"])
        let bare = source.root + "/bare.git"
        try source.git("clone", "-q", "--bare", source.path, bare, in: source.root)
        #expect(throws: StowawayError.self) { try scanStaged(bare) }
    }
}
