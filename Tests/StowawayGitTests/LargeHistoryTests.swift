import Foundation
import StowawayCore
import StowawayKit
import Testing

@Suite struct LargeHistoryTests {
    /// 5,000 commits written with `git fast-import` (seconds, not minutes); the secret enters at commit 3,217, moves
    /// down a line at 4,000 and is deleted at 4,500.
    @Test func fiveThousandCommitHistory() throws {
        let repo = try GitFixture()
        let token = TestTokens.github(100)
        var stream = ""
        func data(_ text: String) -> String { "data \(text.utf8.count)\n\(text)\n" }
        for number in 1...5_000 {
            let time = GitFixture.firstCommitTime + number * 60
            stream += "commit refs/heads/main\nmark :\(number)\n"
            stream += "author Ada Lovelace <ada@example.com> \(time) +0000\n"
            stream += "committer Charles Babbage <charles@example.com> \(time) +0000\n"
            stream += data("change \(number)")
            stream += "M 100644 inline data/file\(number % 50).txt\n" + data("entry \(number)\n")
            switch number {
            case 3_217: stream += "M 100644 inline secrets/keys.txt\n" + data("first\nkey=\(token)\n")
            case 4_000: stream += "M 100644 inline secrets/keys.txt\n" + data("zeroth\nfirst\nkey=\(token)\n")
            case 4_500: stream += "D secrets/keys.txt\n"
            default: break
            }
        }
        let marks = repo.root + "/marks"
        try repo.git("fast-import", "--quiet", "--export-marks=\(marks)", input: Data(stream.utf8))
        var commitByMark: [Int: String] = [:]
        for line in try String(contentsOfFile: marks, encoding: .utf8).split(separator: "\n") {
            let parts = line.dropFirst().split(separator: " ")
            commitByMark[Int(parts[0])!] = String(parts[1])
        }
        let blobs = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype)")
            .split(separator: "\n").filter { $0 == "blob" }.count

        let started = Date()
        let report = try scanHistory(repo.path)
        let seconds = Date().timeIntervalSince(started)
        #expect(report.places(of: token) == [Place(source: "git", commit: commitByMark[3_217], path: "secrets/keys.txt", line: 2)])
        #expect(report.occurrences(of: token).first?.provenance.inHead == false)
        // Each unique blob is scanned exactly once.
        #expect(report.summary.filesScanned == blobs)
        #expect(seconds < 60, "5,000 commits took \(seconds) s")
    }
}
