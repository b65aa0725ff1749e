import ArgumentParser
import Foundation
import StowawayCore
import StowawayKit

struct GitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Scan a Git repository: its whole history (every object, reachable or not), a range, or what is staged.",
        discussion: """
            By default an audit: every object in the repository (branches, tags, remotes, notes, stash, reflogs, \
            dangling commits, unreachable blobs), each unique blob scanned once. Each secret is reported at the commit \
            that introduced it, with author, email, date, path and line, the references that reach it, and whether it \
            is still at the default branch tip. Commit and annotated tag messages are scanned too. --range, \
            --since-commit, --branch and --reachable-only narrow the scan for CI. --staged (the pre-commit check) \
            scans only the lines the next commit would add.
            """)

    @Argument(help: "The repository: a working tree, a linked worktree or a bare repository.")
    var repository: String = "."

    @Flag(name: .long, help: "Scan only what is staged for the next commit: lines added relative to HEAD (and MERGE_HEAD).")
    var staged = false

    @Option(name: .long, help: ArgumentHelp("Only what the commits in this range add: A..B, or A...B.", valueName: "A..B"))
    var range: String?

    @Option(name: .long, help: ArgumentHelp("Only what commits after this one add.", valueName: "commit"))
    var sinceCommit: String?

    @Option(name: .long, help: ArgumentHelp("Only commits reachable from this branch.", valueName: "name"))
    var branch: String?

    @Flag(name: .long, help: "Only commits reachable from references: skip reflogs, dangling commits and unreachable blobs.")
    var reachableOnly = false

    @Option(name: .shortAndLong, help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var limits: LimitOptions

    @Option(name: .long, help: ArgumentHelp(
        "Inflate a gzip-compressed blob (a committed .gz file) up to this many bytes (default 1 GiB); past it, a note.",
        valueName: "bytes"))
    var maxDecompressedSize: Int = GitScanOptions().maximumInflatedSize

    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard maxDecompressedSize > 0 else { throw ValidationError("--max-decompressed-size must be positive") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if staged, range != nil || sinceCommit != nil || branch != nil || reachableOnly {
            throw ValidationError("--staged cannot be combined with --range, --since-commit, --branch or --reachable-only")
        }
        if range != nil, sinceCommit != nil || branch != nil {
            throw ValidationError("--range cannot be combined with --since-commit or --branch")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: repository) else {
            throw StowawayError(repository, "no such file or directory")
        }
        let loaded = try CommandSupport.engine(ruleOptions, outputOptions, roots: [repository])
        var options = GitScanOptions()
        options.threads = threads
        options.range = range
        options.sinceCommit = sinceCommit
        options.branch = branch
        options.reachableOnly = reachableOnly
        options.maxFileSize = limits.maxFileSize(loaded.settings)
        options.timeout = limits.timeout(loaded.settings)
        options.maximumInflatedSize = maxDecompressedSize
        let scan = GitScan(engine: loaded.engine, options: options)
        // Git runs hooks for `git commit -a` / `git commit PATH` with a temporary index named in GIT_INDEX_FILE.
        let indexFile = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"].map {
            URL(fileURLWithPath: $0).standardizedFileURL.path
        }
        let report = staged
            ? try scan.runStaged(repository: repository, indexFile: indexFile)
            : try scan.run(repository: repository)
        do {
            try CommandSupport.finish(report, loaded, outputOptions)
        } catch let exit as ExitCode where staged && exit.rawValue == ExitStatus.findings.rawValue {
            CommandSupport.printError(Self.blockedCommitAdvice(report))
            throw exit
        }
    }

    /// What a developer whose commit was just stopped needs: what happened and the three ways forward.
    static func blockedCommitAdvice(_ report: ScanReport) -> String {
        let places = Set(report.findings.flatMap { $0.occurrences.map { "\($0.provenance.path):\($0.location.line)" } })
        let count = report.findings.count == 1 ? "a secret" : "\(report.findings.count) secrets"
        return """

            stowaway: commit blocked: the staged changes add \(count) (\(places.sorted().joined(separator: ", ")); \
            shown above, redacted).
              fix it:   remove the secret from the file (load it from the environment or a secret store), then
                        `git add` the file again; if it was ever pushed or shared, revoke and rotate it too (the
                        fix line above says how).
              allow it: if it is not a real secret, add a `stowaway:allow` comment on that line, or add the finding's
                        fingerprint (`--format json` shows it) to an ignore file (`--ignore-file`).
              skip:     `git commit --no-verify` bypasses every hook (not recommended).
            """
    }
}
