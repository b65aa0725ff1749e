import ArgumentParser
import Foundation
import StowawayCore
import StowawayKit

/// What to scan in a file tree and how: shared by `scan` and `baseline create`.
struct TreeOptions: ParsableArguments {
    @Argument(help: "Files or directories to scan; - for standard input.")
    var paths: [String] = ["."]

    @Option(name: .shortAndLong, help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Skip paths matching this glob (gitignore style); repeatable.", valueName: "glob"))
    var exclude: [String] = []

    @Flag(name: .long, help: "Skip files that .gitignore files ignore.")
    var respectGitignore = false

    @Flag(name: .long, help: "Scan files that look binary instead of skipping them.")
    var scanBinary = false

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if paths.contains("-"), paths.count > 1 { throw ValidationError("- (standard input) cannot be combined with paths") }
    }

    /// Fails with exit 2 before any work when a root does not exist.
    func checkPathsExist() throws {
        for path in paths where path != "-" && !FileManager.default.fileExists(atPath: path) {
            throw StowawayError(path, "no such file or directory")
        }
    }

    func scan(with loaded: CommandSupport.LoadedEngine, progress: Bool = false) -> ScanReport {
        if paths == ["-"] { return StdinScan(engine: loaded.engine).run() }
        return FileScan(engine: loaded.engine, options: fileScanOptions(loaded.settings, progress: progress)).run(roots: paths)
    }

    /// Resolves settings, then walks the tree while the rules load (stdin: loads, then reads); the engine loaded is
    /// returned with the report for the steps that follow.
    func scan(_ ruleOptions: RuleOptions, _ outputOptions: OutputOptions, progress: Bool)
        throws -> (report: ScanReport, loaded: CommandSupport.LoadedEngine)
    {
        let resolved = try CommandSupport.settings(ruleOptions, outputOptions, roots: paths)
        if paths == ["-"] {
            let loaded = try CommandSupport.engine(resolved, ruleOptions)
            return (StdinScan(engine: loaded.engine).run(), loaded)
        }
        var loaded: CommandSupport.LoadedEngine?
        let report = try FileScan.run(roots: paths, options: fileScanOptions(resolved.settings, progress: progress)) {
            let built = try CommandSupport.engine(resolved, ruleOptions)
            loaded = built
            return built.engine
        }
        return (report, loaded!)
    }

    func fileScanOptions(_ settings: Settings, progress: Bool) -> FileScanOptions {
        var options = FileScanOptions()
        options.threads = threads
        options.scanBinary = scanBinary
        options.walk.excludes = (settings.excludes + exclude).map(Glob.init)
        options.walk.respectGitignore = respectGitignore || settings.respectGitignore
        options.maxFileSize = limits.maxFileSize(settings)
        options.timeout = limits.timeout(settings)
        options.showProgress = progress
        return options
    }
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files and directories (default: the current directory; - reads standard input).")

    @OptionGroup var tree: TreeOptions
    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try tree.checkPathsExist()
        let (report, loaded) = try tree.scan(ruleOptions, outputOptions, progress: !outputOptions.quiet)
        try CommandSupport.finish(report, loaded, outputOptions)
    }
}
