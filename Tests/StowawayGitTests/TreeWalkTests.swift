import Foundation
import StowawayCore
import StowawayKit
import Testing

/// The history walk reads trees as raw bytes (skipping runs identical to the parent's, merging sorted entries): these
/// histories put changes where those shortcuts must not lose them.
@Suite struct TreeWalkTests {
    @Test func changesAtTheStartMiddleAndEndOfALargeDirectory() throws {
        let repo = try GitFixture()
        let (first, middle, last) = (TestTokens.github(43), TestTokens.github(44), TestTokens.github(45))
        var files: [String: String] = [:]
        for index in 0..<300 {
            files[String(format: "pkg/detectors/d%03d/d%03d.go", index, index)] = "package d\(index)\n"
        }
        try repo.commit("many detectors", files: files)
        let inMiddle = try repo.commit("middle", files: ["pkg/detectors/d150/d150.go": "package d150\nkey := \"\(middle)\"\n"])
        let atEnds = try repo.commit("both ends", files: [
            "pkg/detectors/d000/d000.go": "package d0\nk := \"\(first)\"\n",
            "pkg/detectors/d299/d299.go": "package d299\nk := \"\(last)\"\n",
        ])
        // New entries before and after all others, and the middle secret moved to another directory.
        try repo.git("rm", "-q", "pkg/detectors/d150/d150.go")
        try repo.commit("reshuffle", files: [
            "pkg/detectors/a-first/x.go": "package x\n",
            "pkg/detectors/z-last/y.go": "package y\n",
            "pkg/detectors/d150b/d150.go": "package d150\nkey := \"\(middle)\"\n",
        ])

        let report = try scanHistory(repo.path)
        #expect(report.places(of: middle) == [Place(source: "git", commit: inMiddle, path: "pkg/detectors/d150/d150.go", line: 2)])
        #expect(report.places(of: first) == [Place(source: "git", commit: atEnds, path: "pkg/detectors/d000/d000.go", line: 2)])
        #expect(report.places(of: last) == [Place(source: "git", commit: atEnds, path: "pkg/detectors/d299/d299.go", line: 2)])
        #expect(report.occurrences(of: middle).first?.provenance.inHead == true)
        #expect(!report.isIncomplete)
    }

    /// A merge compares each entry with both parents; here the same name is a file on one side and a directory on
    /// the other.
    @Test func fileThatBecameADirectoryOnABranchIsMergedWithoutANewIntroduction() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(46)
        try repo.commit("initial", files: ["conf": "plain file\n", "a.txt": "a\n"])
        try repo.git("checkout", "-q", "-b", "side")
        try repo.git("rm", "-q", "conf")
        let side = try repo.commit("conf becomes a directory", files: ["conf/app.env": "TOKEN=\(token)\n"])
        try repo.git("checkout", "-q", "main")
        try repo.commit("main", files: ["a.txt": "a2\n"])
        repo.advanceClock()
        try repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side")

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: side, path: "conf/app.env", line: 1)])
        #expect(report.occurrences(of: token).first?.provenance.inHead == true)
    }

    /// Git writes modes without leading zeros; a hand-made tree may not. libgit2 reads `00100644` as 100644, and so
    /// must the walk.
    @Test func treeWithZeroPaddedModesIsWalked() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(47)
        try repo.commit("initial", files: ["README.md": "hello\n"])
        let readme = try repo.git("rev-parse", "HEAD:README.md")
        let secret = try repo.git("hash-object", "-w", "--stdin", input: Data("KEY=\(token)\n".utf8))
        var tree = Data()
        for (name, id) in [("README.md", readme), ("secret.env", secret)] {
            tree += Data("00100644 \(name)".utf8) + Data([0]) + Self.bytes(hex: id)
        }
        let treeID = try repo.git("hash-object", "-t", "tree", "--literally", "-w", "--stdin", input: tree)
        repo.advanceClock()
        let commit = try repo.git("commit-tree", treeID, "-p", "HEAD", "-m", "hand-made tree")
        try repo.git("update-ref", "refs/heads/main", commit)

        let report = try scanHistory(repo.path)
        #expect(report.places(of: token) == [Place(source: "git", commit: commit, path: "secret.env", line: 1)])
        #expect(report.occurrences(of: token).first?.provenance.inHead == true)
        #expect(!report.isIncomplete)
    }

    private static func bytes(hex: String) -> Data {
        var data = Data()
        var digits = hex.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            data.append(UInt8(String([high, low]), radix: 16)!)
        }
        return data
    }
}
