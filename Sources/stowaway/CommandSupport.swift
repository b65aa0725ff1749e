import ArgumentParser
import Foundation
import StowawayCore
import StowawayEngine
import StowawayKit
import StowawayReport

/// Steps every scanning command shares: resolve settings, build the engine, filter and write the report, decide the
/// exit code.
enum CommandSupport {
    struct LoadedEngine {
        var engine: Engine
        var settings: Settings
        /// Rule warnings, rules that could not be compiled, untrusted config notes: reported with the scan.
        var issues: [ScanIssue]
        /// Files that shaped the run (config, baseline, ignore file), named in every report.
        var applied: [String: String]
        var rules: [String: Rule]
        var started = Date()
    }

    /// Settings resolved before the rules are compiled: what a tree walk needs can start from these.
    struct ResolvedSettings {
        var settings: Settings
        var issues: [ScanIssue]
        var applied: [String: String]
    }

    /// Resolves settings (defaults, then a config file, then flags) and compiles the rules. `roots` are the scanned
    /// folders, where an untrusted repository's own config and ignore file are looked for.
    static func engine(_ ruleOptions: RuleOptions, _ outputOptions: OutputOptions, roots: [String]) throws -> LoadedEngine {
        try engine(settings(ruleOptions, outputOptions, roots: roots), ruleOptions)
    }

    /// Compiles (or loads from the cache) the rules of resolved settings.
    static func engine(_ resolved: ResolvedSettings, _ ruleOptions: RuleOptions) throws -> LoadedEngine {
        let settings = resolved.settings
        var pack = try RuleSource(includeBuiltin: settings.builtinRules, directories: settings.ruleDirectories).load()
        pack.rules = settings.adjust(pack.rules)
        let engine = try EngineBuilder.build(pack, useCache: !ruleOptions.noCache)
        let rules = Dictionary(pack.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return LoadedEngine(engine: engine, settings: settings, issues: resolved.issues + pack.warnings + engine.problems,
                            applied: resolved.applied, rules: rules)
    }

    /// Settings from defaults, then a config file, then flags.
    static func settings(_ ruleOptions: RuleOptions, _ outputOptions: OutputOptions, roots: [String]) throws
        -> ResolvedSettings
    {
        var settings = Settings()
        var issues: [ScanIssue] = []
        var applied: [String: String] = [:]
        let rootDirectories = roots.filter { $0 != "-" && isDirectory($0) }
        if let path = ruleOptions.config {
            try ConfigFile.load(path).apply(to: &settings)
            applied["config"] = path
        } else if let repoConfig = rootDirectories.lazy.compactMap({ ConfigFile.find(in: $0) }).first {
            if ruleOptions.trustRepoConfig {
                try ConfigFile.load(repoConfig).apply(to: &settings)
                applied["config"] = repoConfig
            } else {
                issues.append(ScanIssue(.note, input: repoConfig,
                                        message: "not applied: a configuration inside the scanned tree is not trusted (use --config or --trust-repo-config)"))
            }
        }
        settings.ruleDirectories += ruleOptions.rules
        if ruleOptions.noBuiltinRules { settings.builtinRules = false }
        if let specs = outputOptions.outputSpecs { settings.outputs = specs }
        if let value = outputOptions.failOn { settings.failOn = value }
        if let value = outputOptions.minSeverity { settings.minSeverity = value }
        if let value = outputOptions.minConfidence { settings.minConfidence = value }
        if let value = outputOptions.baseline { settings.baseline = value }
        if let value = outputOptions.ignoreFile { settings.ignoreFile = value }
        if settings.ignoreFile == nil,
           let repoIgnore = rootDirectories.map({ $0 + "/.stowawayignore" }).first(where: FileManager.default.fileExists)
        {
            if ruleOptions.trustRepoConfig {
                settings.ignoreFile = repoIgnore
            } else {
                issues.append(ScanIssue(.note, input: repoIgnore,
                                        message: "not applied: an ignore file inside the scanned tree is not trusted (use --ignore-file or --trust-repo-config)"))
            }
        }
        if let baseline = settings.baseline { applied["baseline"] = baseline }
        if let ignore = settings.ignoreFile { applied["ignore_file"] = ignore }
        return ResolvedSettings(settings: settings, issues: issues, applied: applied)
    }

    /// Applies thresholds and suppressions, writes every requested report, and exits with 0, 1 or 2.
    static func finish(_ report: ScanReport, _ loaded: LoadedEngine, _ options: OutputOptions) throws {
        var report = report
        report.issues = loaded.issues + report.issues
        let settings = loaded.settings
        var suppressions = Suppressions()
        if let baseline = settings.baseline { try suppressions.addBaseline(baseline) }
        if let ignore = settings.ignoreFile { try suppressions.addIgnoreFile(ignore) }
        suppressions.apply(to: &report)
        report.applyThresholds(minSeverity: settings.minSeverity, minConfidence: settings.minConfidence)

        let outputs = settings.effectiveOutputs
        var textOnTerminal = false
        for spec in outputs {
            let toTerminal = spec.path == nil && isatty(STDOUT_FILENO) == 1
            let colors = toTerminal && !options.noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            let context = ReportContext(redactor: Redactor(showSecrets: options.showSecrets),
                                        toolVersion: StowawayVersion.current, colors: colors,
                                        appliedFiles: loaded.applied, rules: loaded.rules,
                                        startTime: loaded.started, endTime: Date())
            try ReportWriting.write(report, format: spec.format, context: context, to: spec.path)
            if spec.format == .text && spec.path == nil { textOnTerminal = true }
        }
        // The text report on standard output already lists problems; otherwise they go to standard error.
        if !textOnTerminal {
            for issue in report.issues where issue.isError || !options.quiet {
                printError(issue.description)
            }
        }
        if report.isIncomplete { throw ExitCode(ExitStatus.error.rawValue) }
        if report.findings.contains(where: { $0.severity >= settings.failOn }) {
            throw ExitCode(ExitStatus.findings.rawValue)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
