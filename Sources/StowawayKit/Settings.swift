import StowawayCore
import StowawayReport

/// Everything that shapes a run, with the one set of defaults that the configuration file and the command line both
/// start from: a config file changes some values, command-line flags (when given) change them again.
public struct Settings: Sendable, Equatable {
    public var ruleDirectories: [String] = []
    public var builtinRules = true
    public var disabledRules: Set<String> = []
    public var severityOverrides: [String: Severity] = [:]
    public var excludes: [String] = []
    public var outputs: [OutputSpec] = []
    public var failOn: Severity = .low
    public var minSeverity: Severity = .low
    public var minConfidence: Confidence = .low
    public var maxFileSize = 256 * 1024 * 1024
    /// Seconds one file (or blob, or image entry) may take to scan before it is abandoned with an error; nil: none.
    public var timeout: Double? = 60
    public var respectGitignore = false
    public var baseline: String?
    public var ignoreFile: String?

    public init() {}

    /// The formats to write; text on standard output when none is set.
    public var effectiveOutputs: [OutputSpec] { outputs.isEmpty ? [OutputSpec(format: .text, path: nil)] : outputs }

    /// Applies disabled rules and severity overrides to a rule pack.
    public func adjust(_ rules: [Rule]) -> [Rule] {
        rules.filter { !disabledRules.contains($0.id) }.map { rule in
            guard let severity = severityOverrides[rule.id] else { return rule }
            var changed = rule
            changed.severity = severity
            return changed
        }
    }
}

/// One report to write: a format and where (nil: standard output). Written `FORMAT` or `FORMAT=FILE` on the command line.
public struct OutputSpec: Sendable, Equatable, CustomStringConvertible {
    public var format: ReportFormat
    public var path: String?

    public init(format: ReportFormat, path: String?) {
        self.format = format
        self.path = path
    }

    public init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard let first = parts.first, let format = ReportFormat(rawValue: first.lowercased()) else { return nil }
        self.format = format
        path = parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil
    }

    public var description: String { path.map { "\(format.rawValue)=\($0)" } ?? format.rawValue }
}
