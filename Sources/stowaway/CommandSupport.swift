import ArgumentParser
import Foundation
import StowawayCore
import StowawayEngine
import StowawayKit
import StowawayReport

/// Steps every scanning command shares: build the engine, write the report, decide the exit code.
enum CommandSupport {
    struct LoadedEngine {
        var engine: Engine
        /// Rule warnings and rules that could not be compiled: reported with the scan.
        var issues: [ScanIssue]
    }

    static func engine(_ options: RuleOptions) throws -> LoadedEngine {
        let pack = try options.source.load()
        let engine = try EngineBuilder.build(pack, useCache: !options.noCache)
        return LoadedEngine(engine: engine, issues: pack.warnings + engine.problems)
    }

    /// Writes the report and exits with 0, 1 or 2.
    static func finish(_ report: ScanReport, _ options: OutputOptions) throws {
        var report = report
        report.applyThresholds(minSeverity: options.minSeverity, minConfidence: options.minConfidence)
        let toTerminal = options.output == nil && isatty(STDOUT_FILENO) == 1
        let colors = toTerminal && !options.noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let context = ReportContext(redactor: Redactor(showSecrets: options.showSecrets),
                                    toolVersion: StowawayVersion.current, colors: colors)
        try ReportWriting.write(report, format: options.format, context: context, to: options.output)
        // The text report on standard output already lists problems; elsewhere they go to standard error.
        if options.format != .text || options.output != nil {
            for issue in report.issues where issue.isError || !options.quiet {
                printError(issue.description)
            }
        }
        if report.isIncomplete { throw ExitCode(ExitStatus.error.rawValue) }
        if report.findings.contains(where: { $0.severity >= options.failOn }) {
            throw ExitCode(ExitStatus.findings.rawValue)
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
