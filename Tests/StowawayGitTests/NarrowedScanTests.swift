import Foundation
import StowawayCore
import StowawayKit
import Testing

/// CI scans: only what the selected commits add.
@Suite struct NarrowedScanTests {
    struct History {
        let repo: GitFixture
        let tokens: [String]
        let commits: [String]
    }

    /// Three commits, each adding one secret in its own file, then one renaming the first file.
    static func history() throws -> History {
        let repo = try GitFixture()
        let tokens = (300..<303).map { TestTokens.github(UInt64($0)) }
        var commits: [String] = []
        for (index, token) in tokens.enumerated() {
            commits.append(try repo.commit("add \(index)", files: ["f\(index).txt": "x\n\(token)\n"]))
        }
        try repo.git("mv", "f0.txt", "renamed.txt")
        commits.append(try repo.commit("rename"))
        return History(repo: repo, tokens: tokens, commits: commits)
    }

    @Test func rangeReportsOnlyWhatItsCommitsAdd() throws {
        let history = try Self.history()
        let report = try scanHistory(history.repo.path) { $0.range = "\(history.commits[0])..\(history.commits[2])" }
        #expect(report.secrets == [history.tokens[1], history.tokens[2]])
        #expect(report.places(of: history.tokens[1]) == [Place(source: "git", commit: history.commits[1], path: "f1.txt", line: 2)])
        #expect(report.places(of: history.tokens[2]) == [Place(source: "git", commit: history.commits[2], path: "f2.txt", line: 2)])
    }

    @Test func aRenameInsideTheRangeAddsNothing() throws {
        let history = try Self.history()
        let report = try scanHistory(history.repo.path) { $0.range = "\(history.commits[2])..\(history.commits[3])" }
        #expect(report.findings.isEmpty)
    }

    @Test func sinceCommit() throws {
        let history = try Self.history()
        let report = try scanHistory(history.repo.path) { $0.sinceCommit = history.commits[1] }
        #expect(report.secrets == [history.tokens[2]])
        #expect(report.places(of: history.tokens[2]) == [Place(source: "git", commit: history.commits[2], path: "f2.txt", line: 2)])
    }

    @Test func branchScansOnlyThatBranch() throws {
        let history = try Self.history()
        let other = TestTokens.github(310)
        try history.repo.git("checkout", "-q", "-b", "other", history.commits[0])
        let side = try history.repo.commit("other", files: ["o.txt": "\(other)\n"])
        try history.repo.git("checkout", "-q", "main")

        let main = try scanHistory(history.repo.path) { $0.branch = "main" }
        #expect(main.secrets == Set(history.tokens))
        let branch = try scanHistory(history.repo.path) { $0.branch = "other" }
        #expect(branch.secrets == [history.tokens[0], other])
        #expect(branch.places(of: other) == [Place(source: "git", commit: side, path: "o.txt", line: 1)])
    }

    @Test func unknownRevisionIsAnError() throws {
        let history = try Self.history()
        #expect(throws: StowawayError.self) { try scanHistory(history.repo.path) { $0.range = "nope..main" } }
    }
}
