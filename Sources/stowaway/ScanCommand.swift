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
        var options = FileScanOptions()
        options.threads = threads
        options.scanBinary = scanBinary
        options.walk.excludes = (loaded.settings.excludes + exclude).map(Glob.init)
        options.walk.respectGitignore = respectGitignore || loaded.settings.respectGitignore
        options.maxFileSize = limits.maxFileSize(loaded.settings)
        options.timeout = limits.timeout(loaded.settings)
        options.showProgress = progress
        return FileScan(engine: loaded.engine, options: options).run(roots: paths)
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
        let loaded = try CommandSupport.engine(ruleOptions, outputOptions, roots: tree.paths)
        try CommandSupport.finish(tree.scan(with: loaded, progress: !outputOptions.quiet), loaded, outputOptions)
    }
}
