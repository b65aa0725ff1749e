import Foundation
import StowawayCore
import StowawayKit
import Testing

/// Repositories that are not a plain full clone: shallow, partial, bare, linked worktrees, damaged.
@Suite struct RobustnessTests {
    @Test func shallowCloneAttributesToTheBoundaryCommit() throws {
        let source = try GitFixture()
        let token = TestTokens.github(200)
        try source.commit("one", files: ["a.txt": "a\n"])
        try source.commit("two", files: ["s.txt": "secret \(token)\n"])
        let tip = try source.commit("three", files: ["a.txt": "a2\n"])
        let clone = source.root + "/shallow"
        try source.git("clone", "-q", "--depth", "1", "file://\(source.path)", clone, in: source.root)

        let report = try scanHistory(clone)
        // The commits that introduced it were not fetched: the boundary commit holds it first.
        #expect(report.places(of: token) == [Place(source: "git", commit: tip, path: "s.txt", line: 1)])
        #expect(report.issues.contains { $0.kind == .note && $0.message.contains("shallow clone") && $0.message.contains(tip) })
        #expect(!report.isIncomplete)
    }

    @Test func partialCloneWithMissingBlobsWarnsAndFinishes() throws {
        let source = try GitFixture()
        let token = TestTokens.github(201)
        try source.commit("one", files: ["a.txt": "a \(token)\n"])
        let tip = try source.commit("two \(token)", files: ["b.txt": "b\n"])
        try source.git("config", "uploadpack.allowFilter", "true")
        let clone = source.root + "/partial"
        try source.git("clone", "-q", "--no-checkout", "--filter=blob:none", "file://\(source.path)", clone, in: source.root)

        let report = try scanHistory(clone)
        #expect(report.issues.contains { $0.kind == .warning && $0.message.contains("not in the object database") })
        #expect(!report.isIncomplete)
        // What is present (the commit message) is still scanned and attributed.
        #expect(report.places(of: token) == [Place(source: "commit-message", commit: tip, path: "(commit message)", line: 1)])
    }

    @Test func corruptLooseObjectIsNamedAndTheScanContinues() throws {
        let repo = try GitFixture()
        let good = TestTokens.github(202)
        let bad = TestTokens.github(203)
        let commit = try repo.commit("add", files: ["good.txt": "ok \(good)\n", "bad.txt": "broken \(bad)\n"])
        let blob = try repo.git("rev-parse", "HEAD:bad.txt")
        let object = repo.path + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("this is not a zlib stream at all".utf8).write(to: URL(fileURLWithPath: object))

        let report = try scanHistory(repo.path)
        #expect(report.places(of: good) == [Place(source: "git", commit: commit, path: "good.txt", line: 1)])
        #expect(report.places(of: bad).isEmpty)
        #expect(report.isIncomplete)
        #expect(report.issues.contains { $0.isError && $0.input.contains(blob) && $0.message.contains("corrupt") })
    }

    @Test func manyCorruptLooseObjectsAreOneErrorWithTheCount() throws {
        let repo = try GitFixture()
        let good = TestTokens.github(205)
        var files = ["good.txt": "ok \(good)\n"]
        for index in 0..<7 { files["bad\(index).txt"] = "broken \(index)\n" }
        try repo.commit("add", files: files)
        var blobs: [String] = []
        for index in 0..<7 {
            let blob = try repo.git("rev-parse", "HEAD:bad\(index).txt")
            blobs.append(blob)
            let object = repo.path + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
            try Data("not a zlib stream".utf8).write(to: URL(fileURLWithPath: object))
        }

        let report = try scanHistory(repo.path)
        #expect(report.places(of: good).count == 1, "the readable blob is still scanned")
        #expect(report.isIncomplete)
        let errors = report.issues.filter(\.isError)
        #expect(errors.count == 1, "\(errors)")
        let message = try #require(errors.first?.message)
        #expect(message.hasPrefix("7 objects stored loose could not be read (corrupt): not scanned; e.g. \(blobs.sorted().prefix(5).joined(separator: ", ")), …; libgit2: "),
                "\(message)")
    }

    @Test func bareRepository() throws {
        let source = try GitFixture()
        let token = TestTokens.github(204)
        try source.commit("one", files: ["a.txt": "a\n"])
        let added = try source.commit("two", files: ["dir/b.txt": "x\ny \(token)\n"])
        let bare = source.root + "/bare.git"
        try source.git("clone", "-q", "--bare", source.path, bare, in: source.root)

        let report = try scanHistory(bare)
        #expect(report.places(of: token) == [Place(source: "git", commit: added, path: "dir/b.txt", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.inHead == true)
    }

    @Test func linkedWorktree() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(205)
        try repo.commit("one", files: ["a.txt": "a\n"])
        let worktree = repo.root + "/wt"
        try repo.git("worktree", "add", "-q", "-b", "wtbranch", worktree)
        let added = try repo.commit("in the worktree", files: ["w.txt": "w \(token)\n"], in: worktree)

        for path in [repo.path, worktree] {
            let report = try scanHistory(path)
            #expect(report.places(of: token) == [Place(source: "git", commit: added, path: "w.txt", line: 1)])
            #expect(report.occurrences(of: token).first?.provenance.refs == ["refs/heads/wtbranch"])
            // The default branch is the main worktree's HEAD (main), which does not hold it.
            #expect(report.occurrences(of: token).first?.provenance.inHead == false)
        }
    }

    @Test func submoduleIsNotedNotFollowed() throws {
        let inner = try GitFixture()
        try inner.commit("inner", files: ["i.txt": "i\n"])
        let repo = try GitFixture()
        try repo.commit("one", files: ["a.txt": "a\n"])
        try repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.path, "vendor/inner")
        try repo.commit("add submodule")

        let report = try scanHistory(repo.path)
        #expect(report.issues.contains { $0.kind == .note && $0.input == "vendor/inner" && $0.message.contains("submodule") })
        #expect(!report.isIncomplete)
    }

    @Test func repositoryWithoutCommits() throws {
        let repo = try GitFixture()
        let report = try scanHistory(repo.path)
        #expect(report.findings.isEmpty)
        #expect(report.issues.isEmpty)
        #expect(report.summary.filesScanned == 0)
    }

    @Test func notARepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-not-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: StowawayError.self) { try scanHistory(directory) }
    }
}
