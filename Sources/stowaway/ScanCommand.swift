import ArgumentParser
import Foundation
import StowawayCore
import StowawayKit

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files and directories (default: the current directory; - reads standard input).")

    @Argument(help: "Files or directories to scan; - for standard input.")
    var paths: [String] = ["."]

    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .shortAndLong, help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Skip paths matching this glob (gitignore style); repeatable.", valueName: "glob"))
    var exclude: [String] = []

    @Flag(name: .long, help: "Skip files that .gitignore files ignore.")
    var respectGitignore = false

    @Flag(name: .long, help: "Scan files that look binary instead of skipping them.")
    var scanBinary = false

    @Option(name: .long, help: "Skip files larger than this many bytes (default 256 MiB); a note names each one.")
    var maxFileSize: Int = 256 * 1024 * 1024

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard maxFileSize >= 0 else { throw ValidationError("--max-file-size must not be negative") }
        if paths.contains("-"), paths.count > 1 { throw ValidationError("- (standard input) cannot be combined with paths") }
    }

    func run() throws {
        for path in paths where path != "-" && !FileManager.default.fileExists(atPath: path) {
            throw StowawayError(path, "no such file or directory")
        }
        let engine = try CommandSupport.engine(ruleOptions)
        var report: ScanReport
        if paths == ["-"] {
            report = StdinScan(engine: engine.engine).run()
        } else {
            var options = FileScanOptions()
            options.threads = threads
            options.scanBinary = scanBinary
            options.walk.excludes = exclude.map(Glob.init)
            options.walk.respectGitignore = respectGitignore
            options.maxFileSize = maxFileSize
            report = FileScan(engine: engine.engine, options: options).run(roots: paths)
        }
        report.issues = engine.issues + report.issues
        try CommandSupport.finish(report, outputOptions)
    }
}
