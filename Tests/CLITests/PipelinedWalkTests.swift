import Foundation
import Testing

/// With several threads the walk hands files to the workers while it runs; a Dockerfile met before the walk ends
/// has its build-context checks put off until every file is known. The result must not depend on the thread count.
@Suite struct PipelinedWalkTests {
    @Test func buildContextChecksSeeFilesWalkedAfterTheDockerfile() throws {
        let tree = try Scratch()
        // "a-service" is walked first and handed over at once (more than a batch of files); the credential file its
        // Dockerfile copies lies in a folder walked later, as do a thousand more files.
        try tree.write("a-service/Dockerfile", "FROM python:3.12\nWORKDIR /app\nCOPY . /app\n")
        for index in 0..<300 { try tree.write("a-service/src/module\(index).py", "print(\(index))\n") }
        try tree.write("a-service/zz-config/.env", "API_TOKEN=\(SyntheticTokens.githubClassic(seed: 7))\n")
        for index in 0..<1000 { try tree.write("b-other/file\(index).txt", "plain text \(index)\n") }
        var reports: [String: [String]] = [:]
        for threads in ["1", "2", "4"] {
            let result = try CLI.run(["scan", tree.path, "--threads", threads, "--format", "jsonl"])
            #expect(result.status == 1, "threads \(threads): \(result.stderr)")
            reports[threads] = result.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let rule = object["rule_id"] as? String, let path = object["path"] as? String
                else { return nil }
                return "\(rule) \(path) \(object["line"] ?? "")"
            }.sorted()
            #expect(reports[threads]!.contains("docker-copy-context-credential a-service/Dockerfile 3"),
                    "threads \(threads): \(reports[threads]!)")
            let json = try CLI.run(["scan", tree.path, "--threads", threads, "--format", "json"])
            let summary = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
            #expect(summary["files_scanned"] as? Int == 1302, "threads \(threads): every file scanned once")
        }
        #expect(reports["1"] == reports["2"] && reports["2"] == reports["4"])
    }
}
