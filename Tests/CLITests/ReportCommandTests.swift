import Foundation
import Testing

/// `--format html` on a real history scan and `stowaway report FILE.json`: the page embeds the same document as the
/// JSON report, and a file that is not a stowaway JSON report is refused with its name and exit 2.
@Suite struct ReportCommandTests {
    /// A repository made with the git command line: a token added in one commit and deleted in the next, another
    /// still at HEAD, and a path with markup in it.
    static func repository(in scratch: Scratch) throws -> String {
        let repo = scratch.path + "/repo"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Ada \"Quote\" Lovelace"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: repo)
            process.environment = environment
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw CocoaError(.fileWriteUnknown) }
        }
        try git("init", "-q", "-b", "main")
        let deleted = SyntheticTokens.githubClassic(seed: 11)
        let kept = SyntheticTokens.githubClassic(seed: 12)
        for (index, (files, removing)) in [(["old.env": "GITHUB_TOKEN=\(deleted)\n"], [String]()),
                                            (["x\"><img src=x>.env": "TOKEN=\(kept)\n"], ["old.env"])].enumerated() {
            for (name, text) in files { try scratch.write("repo/" + name, text) }
            for name in removing { try FileManager.default.removeItem(atPath: repo + "/" + name) }
            environment["GIT_AUTHOR_DATE"] = "2024-0\(index + 1)-15T12:00:00+00:00"
            environment["GIT_COMMITTER_DATE"] = environment["GIT_AUTHOR_DATE"]
            try git("add", "-A")
            try git("commit", "-q", "-m", "step \(index)")
        }
        return repo
    }

    static func embeddedDocument(_ html: String) throws -> NSDictionary {
        let open = #"<script type="application/json" id="report-data">"#
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func htmlOfAHistoryScanEmbedsTheJSONReportAndReportRendersItAgain() throws {
        let scratch = try Scratch()
        let repo = try Self.repository(in: scratch)
        let json = scratch.path + "/audit.json"
        let html = scratch.path + "/audit.html"
        let scan = try CLI.run(["git", repo, "--format", "json=\(json)", "--format", "html=\(html)"])
        #expect(scan.status == 1, "\(scan.output)")
        let jsonText = try String(contentsOfFile: json, encoding: .utf8)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? NSDictionary)
        #expect(try Self.embeddedDocument(page).isEqual(saved), "the page holds exactly the JSON report")
        // The fields the page draws its views from are there in a real history scan.
        let occurrences = ((saved["findings"] as? [[String: Any]]) ?? []).flatMap { ($0["occurrences"] as? [[String: Any]]) ?? [] }
        #expect(occurrences.count == 2)
        #expect(Set(occurrences.compactMap { $0["in_head"] as? Bool }) == [true, false])
        #expect(occurrences.allSatisfy { $0["commit"] is String && $0["date"] is String && $0["refs"] is [String] })
        #expect(occurrences.contains { $0["author"] as? String == "Ada \"Quote\" Lovelace" })
        #expect(!page.contains(SyntheticTokens.githubClassic(seed: 11)) && !page.contains(SyntheticTokens.githubClassic(seed: 12)))
        #expect(!page.contains("<img src=x>"), "scanned paths are escaped in the page")

        let again = try CLI.run(["report", json, "--format", "html=\(scratch.path)/again.html"])
        #expect(again.status == 0, "\(again.output)")
        let rendered = try String(contentsOfFile: scratch.path + "/again.html", encoding: .utf8)
        #expect(try Self.embeddedDocument(rendered).isEqual(saved))
        let toStandardOutput = try CLI.run(["report", json])
        #expect(toStandardOutput.status == 0)
        #expect(toStandardOutput.stdout == rendered, "the same page, whether written to a file or printed")
        #expect(try scratch.snapshot().keys.contains("again.html"))
    }

    @Test func reportRefusesWhatIsNotAStowawayJSONReport() throws {
        let scratch = try Scratch()
        let cases: [(String, String, String)] = [
            ("notes.txt", "hello", "not valid JSON"),
            ("other.json", #"{"tool":{"name":"gitleaks"},"findings":[],"summary":{}}"#, "no `tool` object naming stowaway"),
            ("list.json", "[]", "the top level is not an object"),
            ("broken.json", #"{"tool":{"name":"stowaway"},"findings":[{"rule_id":"x"}],"summary":{}}"#, "finding 1 has no `severity` string"),
        ]
        for (name, contents, problem) in cases {
            let file = try scratch.write(name, contents)
            let result = try CLI.run(["report", file, "-o", scratch.path + "/out.html"])
            #expect(result.status == 2, "\(name): \(result.output)")
            #expect(result.stderr.contains(file) && result.stderr.contains(problem), "\(name): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out.html"), "no page for a bad input")
        let missing = try CLI.run(["report", scratch.path + "/missing.json"])
        #expect(missing.status == 2 && missing.stderr.contains("missing.json: no such file"))
        let wrongFormat = try CLI.run(["report", scratch.path + "/notes.txt", "--format", "sarif"])
        #expect(wrongFormat.status == 2 && wrongFormat.stderr.contains("renders html only"))
    }
}
