import StowawayCore
import Yams

/// The entry point for the scan pipeline: recognise a file, parse it, run the checks for its format.
public enum DockerAnalyzer {
    /// Files larger than this are left to the rule scan (semantic parsing of huge generated YAML is not worth it).
    public static let maximumSize = 4 * 1024 * 1024

    /// What a file is, from its path and, only when the name does not decide, its first bytes (16 KiB is plenty);
    /// nil when no check applies.
    public static func kind(path: String, prefix: @autoclosure () -> [UInt8]) -> DockerFileKind? {
        DockerFileKind.recognise(path: path, prefix: prefix())
    }

    /// Recognises and analyses a file. `path` is the displayed path (relative, `/`-separated); `context` is the file's
    /// folder for Dockerfiles (build context) and Compose files (secret files).
    public static func analyze(path: String, text: String, context: BuildContext? = nil) -> DockerAnalysis {
        guard let kind = kind(path: path, prefix: Array(text.utf8.prefix(16 * 1024))) else { return DockerAnalysis(kind: nil) }
        return analyze(kind: kind, path: path, text: text, context: context)
    }

    public static func analyze(kind: DockerFileKind, path: String, text: String, context: BuildContext? = nil)
        -> DockerAnalysis
    {
        let source = SourceText(text)
        guard source.bytes.count <= maximumSize else { return DockerAnalysis(kind: kind) }
        switch kind {
        case .dockerfile:
            return DockerfileAnalysis.analyze(path: path, source: source, context: context)
        case .dockerConfig:
            return DockerAnalysis(kind: kind, findings: DockerConfigAnalysis.analyze(source: source))
        case .envFile:
            return DockerAnalysis(kind: kind, findings: EnvFileAnalysis.analyze(source: source))
        case .bakeFile:
            var sink = FindingSink(source: source)
            BuildArgCommands.checkBakeFile(source, into: &sink)
            return DockerAnalysis(kind: kind, findings: sink.findings)
        case .buildScript:
            var sink = FindingSink(source: source)
            BuildArgCommands.check(source, into: &sink)
            return DockerAnalysis(kind: kind, findings: sink.findings)
        case .compose, .kubernetes, .helmValues, .githubWorkflow, .gitlabCI:
            return analyzeYAML(kind: kind, path: path, text: text, source: source, context: context)
        }
    }

    static func analyzeYAML(kind: DockerFileKind, path: String, text: String, source: SourceText,
                            context: BuildContext?) -> DockerAnalysis {
        let documents: [Node]
        do {
            documents = try YAMLSupport.documents(text)
        } catch {
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            return DockerAnalysis(kind: kind, issues: [ScanIssue(
                .warning, input: path, message: "not analysed as \(kind.rawValue) YAML (\(reason)); the rule scan still covered it")])
        }
        var findings: [SemanticFinding]
        switch kind {
        case .compose:
            var analysis = ComposeAnalysis(source: source, path: path, context: context)
            findings = analysis.run(documents)
        case .kubernetes, .helmValues:
            var analysis = KubernetesAnalysis(source: source, isHelmValues: kind == .helmValues)
            findings = analysis.run(documents)
        case .githubWorkflow:
            var analysis = CIAnalysis(source: source)
            findings = analysis.runGitHub(documents)
        default:
            var analysis = CIAnalysis(source: source)
            findings = analysis.runGitLab(documents, text: text)
        }
        if kind == .githubWorkflow || kind == .gitlabCI || kind == .compose {
            var sink = FindingSink(source: source)
            sink.findings = findings
            BuildArgCommands.check(source, into: &sink)
            findings = sink.findings
        }
        return DockerAnalysis(kind: kind, findings: findings)
    }
}
