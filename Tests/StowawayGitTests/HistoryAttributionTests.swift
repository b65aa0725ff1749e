import Foundation
import StowawayCore
import StowawayKit
import Testing

/// Each test builds a repository with one history shape and checks the exact commit, path and line a planted secret
/// is attributed to.
@Suite struct HistoryAttributionTests {
    @Test func secretAddedThenRemovedIsAttributedToTheCommitThatAddedIt() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(1)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        let added = try repo.commit("add config", files: ["config/app.env": "NAME=demo\nGITHUB_TOKEN=\(token)\n"])
        try repo.commit("rename the app", files: ["config/app.env": "NAME=demo2\nGITHUB_TOKEN=\(token)\n"])
        try repo.commit("remove the token", files: ["config/app.env": "NAME=demo2\n"])

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: added, path: "config/app.env", line: 2)])
        let occurrence = try #require(report.occurrences(of: token).first)
        #expect(occurrence.provenance.author == GitFixture.author.name)
        #expect(occurrence.provenance.email == GitFixture.author.email)
        #expect(occurrence.provenance.date == GitFixture.isoDate(tick: 2))
        #expect(occurrence.provenance.refs == ["refs/heads/main"])
        #expect(occurrence.provenance.inHead == false)
        #expect(occurrence.location.column == 14)
        #expect(!report.isIncomplete)
    }

    @Test func secretStillAtTheTipIsMarkedInHead() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(2)
        let added = try repo.commit("add", files: ["settings.py": "DEBUG = True\nTOKEN = '\(token)'\n"])
        try repo.commit("more", files: ["other.txt": "x\n"])
        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: added, path: "settings.py", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.inHead == true)
    }

    @Test func secretOnlyOnASideBranch() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(3)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        try repo.git("checkout", "-q", "-b", "feature")
        let side = try repo.commit("feature work", files: ["src/feature.txt": "a\nb\nkey=\(token)\n"])
        try repo.git("checkout", "-q", "main")
        try repo.commit("main work", files: ["main.txt": "m\n"])

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: side, path: "src/feature.txt", line: 3)])
        let provenance = try #require(report.occurrences(of: token).first?.provenance)
        #expect(provenance.refs == ["refs/heads/feature"])
        #expect(provenance.inHead == false)
    }

    @Test func secretOnlyInTheReflogOfADeletedBranch() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(4)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        try repo.git("checkout", "-q", "-b", "temp")
        let lost = try repo.commit("oops", files: ["notes.txt": "token \(token)\n"])
        try repo.git("checkout", "-q", "main")
        try repo.git("branch", "-q", "-D", "temp")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: lost, path: "notes.txt", line: 1)])
        #expect(report.occurrences(of: token).first?.provenance.refs == ["reflog:HEAD"])
        // Reachable from no reference: a narrowed scan does not see it.
        #expect(try scanHistory(repo.path) { $0.reachableOnly = true }.findings.isEmpty)
    }

    @Test func secretOnlyInADanglingCommit() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(5)
        let base = try repo.commit("initial", files: ["README.md": "hello\n"])
        let dangling = try repo.commit("secret", files: ["deploy.sh": "#!/bin/sh\nexport T=\(token)\n"])
        try repo.git("reset", "-q", "--hard", base)
        try repo.git("reflog", "expire", "--expire=now", "--all")
        #expect(try repo.git("fsck", "--no-reflogs", "--unreachable").contains("commit \(dangling)"))

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: dangling, path: "deploy.sh", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.refs == [])
        #expect(try scanHistory(repo.path) { $0.reachableOnly = true }.findings.isEmpty)
    }

    @Test func unreachableBlobIsReportedByItsId() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(6)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        try repo.write("../loose.txt", "first line\nleaked \(token)\n")
        let blob = try repo.git("hash-object", "-w", "../loose.txt")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: nil, path: "unreachable:\(blob)", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.blob == blob)
    }

    enum StashKind: String, CaseIterable, Sendable { case unstaged, staged, untracked }

    @Test(arguments: StashKind.allCases)
    func secretOnlyInAStashIsAttributedToTheStashCommit(kind: StashKind) throws {
        let repo = try GitFixture()
        let token = TestTokens.github(7)
        try repo.commit("initial", files: ["app.txt": "one\n"])
        let path = kind == .untracked ? "new.txt" : "app.txt"
        try repo.write(path, "one\nwip \(token)\n")
        if kind == .staged { try repo.git("add", path) }
        repo.advanceClock()
        if kind == .untracked {
            try repo.git("stash", "push", "-q", "--include-untracked")
        } else {
            try repo.git("stash", "push", "-q")
        }
        let stash = try repo.git("rev-parse", "refs/stash")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: stash, path: path, line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.refs == ["refs/stash"])
    }

    @Test func secretAddedInAMergeResolutionIsAttributedToTheMerge() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(8)
        try repo.commit("initial", files: ["a.txt": "a\n", "b.txt": "b\n"])
        try repo.git("checkout", "-q", "-b", "side")
        try repo.commit("side", files: ["b.txt": "b2\n"])
        try repo.git("checkout", "-q", "main")
        try repo.commit("main", files: ["a.txt": "a2\n"])
        repo.advanceClock()
        try repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
        try repo.write("a.txt", "a2\nmerged \(token)\n")
        try repo.git("add", "a.txt")
        try repo.git("commit", "-q", "-m", "merge side")
        let merge = try repo.git("rev-parse", "HEAD")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: merge, path: "a.txt", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.inHead == true)
    }

    @Test func secretMergedFromABranchKeepsItsBranchCommit() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(9)
        try repo.commit("initial", files: ["a.txt": "a\n"])
        try repo.git("checkout", "-q", "-b", "side")
        let side = try repo.commit("side adds it", files: ["side.txt": "s\n\(token)\n"])
        try repo.git("checkout", "-q", "main")
        try repo.commit("main", files: ["a.txt": "a2\n"])
        repo.advanceClock()
        try repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: side, path: "side.txt", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.refs == ["refs/heads/main", "refs/heads/side"])
    }

    /// Added independently on two lines of history (a squash merge): the default branch's commit is reported.
    @Test func squashMergedSecretIsAttributedToTheDefaultBranch() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(16)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.commit("feature adds it", files: ["conf.yml": "token: \(token)\n"])
        try repo.git("checkout", "-q", "main")
        let squash = try repo.commit("squash of feature", files: ["conf.yml": "token: \(token)\n"])

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: squash, path: "conf.yml", line: 1)])
        #expect(report.occurrences(of: token).first?.provenance.refs == ["refs/heads/main"])
    }

    @Test func renameKeepsTheOriginalIntroduction() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(10)
        let added = try repo.commit("add", files: ["old/name.txt": "a\nb\nkey: \(token)\n"])
        try FileManager.default.createDirectory(atPath: repo.path + "/new", withIntermediateDirectories: true)
        try repo.git("mv", "old/name.txt", "new/name.txt")
        try repo.commit("rename and edit", files: ["new/name.txt": "a changed\nb\nkey: \(token)\n"])

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: added, path: "old/name.txt", line: 3)])
        // Still at the tip, under its new name.
        #expect(report.occurrences(of: token).first?.provenance.inHead == true)
    }

    @Test func secretCopiedToASecondFileIsANewPlace() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(11)
        let first = try repo.commit("add", files: ["one.env": "T=\(token)\n"])
        let copy = try repo.commit("copy", files: ["two.env": "X=1\nT=\(token)\n"])

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: first, path: "one.env", line: 1),
                                             Place(source: "git", commit: copy, path: "two.env", line: 2)])
        #expect(report.findings.count == 1)
    }

    @Test func commitMessage() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(12)
        let commit = try repo.commit("Add deploy script\n\nused \(token) for the demo")
        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "commit-message", commit: commit, path: "(commit message)", line: 3)])
        #expect(report.occurrences(of: token).first?.provenance.refs == ["refs/heads/main"])
    }

    @Test func annotatedTagMessage() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(13)
        let commit = try repo.commit("release", files: ["VERSION": "1.0\n"])
        try repo.git("tag", "-a", "v1.0", "-m", "Release 1.0\n\ncredentials \(token)")
        let tag = try repo.git("rev-parse", "v1.0")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "tag-message", commit: commit, path: "(tag message)", line: 3)])
        let provenance = try #require(report.occurrences(of: token).first?.provenance)
        #expect(provenance.tag == tag)
        #expect(provenance.refs == ["refs/tags/v1.0"])
        // Git records the committer identity as the tagger.
        #expect(provenance.author == "Charles Babbage")
        #expect(provenance.date == GitFixture.isoDate(tick: 1))
    }

    @Test func binaryBlobIsScanned() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(14)
        var data = Data("SQLite format 3\u{0}".utf8)
        data += Data([0, 1, 2, 0xFF, 0xFE, 0, 10, 0, 0])
        data += Data("\u{0}\u{0}token=\(token)\u{0}\u{0}".utf8)
        data += Data((0..<512).map { UInt8($0 % 7) })
        try repo.write("app.sqlite", data)
        let commit = try repo.commit("add database")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: commit, path: "app.sqlite", line: 2)])
    }

    @Test func gzipBlobIsInflatedAndScanned() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(15)
        let text = "started\nconnecting\nexport GITHUB_TOKEN=\(token)\nok\n"
        let compressed = try Self.gzip(text, in: repo)
        try repo.write("logs/app.log.gz", compressed)
        let commit = try repo.commit("add logs")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: commit, path: "logs/app.log.gz", line: 3)])
        #expect(report.occurrences(of: token).first?.decodedFrom == "gzip")
    }

    static func gzip(_ text: String, in repo: GitFixture) throws -> Data {
        let input = repo.root + "/plain.txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: input))
        let result = try Shell.run("/usr/bin/env", ["gzip", "-n", "-f", input], in: repo.root, environment: repo.environment())
        guard result.status == 0 else { throw FixtureError("gzip failed: \(result.stderr)") }
        return try Data(contentsOf: URL(fileURLWithPath: input + ".gz"))
    }
}
