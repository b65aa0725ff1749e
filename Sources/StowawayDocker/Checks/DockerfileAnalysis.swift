import StowawayCore

/// Parses a Dockerfile and runs its checks; a file that does not parse is reported as an issue.
enum DockerfileAnalysis {
    static func analyze(path: String, source: SourceText, context: BuildContext?) -> DockerAnalysis {
        let dockerfile: Dockerfile
        do {
            dockerfile = try DockerfileParser.parse(source)
        } catch {
            return DockerAnalysis(kind: .dockerfile, issues: [ScanIssue(
                .warning, input: path,
                message: "not analysed as a Dockerfile (\(error.description)); the rule scan still covered it")])
        }
        var checker = DockerfileChecker(source: source, dockerfile: dockerfile, path: path, context: context)
        let result = checker.run()
        return DockerAnalysis(kind: .dockerfile, findings: result.findings, issues: result.issues)
    }
}
