import ArgumentParser
import StowawayCore
import StowawayKit
import StowawayReport

/// Which rules and which configuration: shared by every command that scans.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Add the rules in this folder (or YAML file); repeatable.", valueName: "dir"))
    var rules: [String] = []

    @Flag(name: .long, help: "Do not use the built-in rule pack.")
    var noBuiltinRules = false

    @Flag(name: .long, help: "Do not read or write the compiled-rule cache.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("Read settings from this stowaway.yml.", valueName: "file"))
    var config: String?

    /// The rule pack without any configuration (for `rules list`).
    var source: RuleSource { RuleSource(includeBuiltin: !noBuiltinRules, directories: rules) }

    @Flag(name: .long, help: "Apply a stowaway.yml and .stowawayignore found in the scanned tree (not trusted by default: a leaky repository must not be able to allow itself).")
    var trustRepoConfig = false
}

/// How results are written, what is left out, and what fails the run. Unset options take the configuration file's
/// value, then the defaults in `Settings`.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Report format, optionally with a file: text, json, jsonl, sarif, junit, gitlab, csv, html; repeatable (--format sarif=out.sarif --format text).", valueName: "format[=file]"))
    var format: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the (first) report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Print secrets in full (they are redacted by default in every format).")
    var showSecrets = false

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: critical, high, medium, low, info (default low).")
    var failOn: Severity?

    @Option(name: .long, help: "Leave out findings below this severity (default low: vendors' documentation examples, rated info, are hidden).")
    var minSeverity: Severity?

    @Option(name: .long, help: "Leave out findings below this confidence: high, medium, low (default low).")
    var minConfidence: Confidence?

    @Option(name: .long, help: ArgumentHelp("Report only findings not in this baseline (a `stowaway baseline create` file or a previous --format json report).", valueName: "file"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Suppress the fingerprints and path globs listed in this file (.stowawayignore format).", valueName: "file"))
    var ignoreFile: String?

    @Flag(name: [.customShort("q"), .long], help: "Print no warnings or notes on standard error.")
    var quiet = false

    @Flag(name: .long, help: "Never use colours.")
    var noColor = false

    func validate() throws {
        for text in format where OutputSpec(argument: text) == nil {
            throw ValidationError("unknown format `\(text)`: use one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), optionally FORMAT=FILE")
        }
    }

    /// The outputs the flags ask for, or nil to keep the configuration's.
    var outputSpecs: [OutputSpec]? {
        var specs = format.compactMap(OutputSpec.init(argument:))
        if let output {
            if let index = specs.firstIndex(where: { $0.path == nil }) {
                specs[index].path = output
            } else if specs.isEmpty {
                specs = [OutputSpec(format: .text, path: output)]
            }
        }
        return specs.isEmpty ? nil : specs
    }
}

/// Per-file limits shared by `scan`, `git` and `image`, so a hostile input costs a bounded amount of time and memory.
/// Unset options take the configuration file's value, then the defaults in `Settings`.
struct LimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Skip files (blobs, layer entries) larger than this many bytes (default 256 MiB); a note names each one.",
        valueName: "bytes"))
    var maxFileSize: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Abandon a file (blob, layer entry) whose scan takes longer than this many seconds, with an error naming it and exit 2 (default 60; 0: no limit).",
        valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        guard (maxFileSize ?? 0) >= 0 else { throw ValidationError("--max-file-size must not be negative") }
        guard (timeout ?? 0) >= 0, timeout?.isFinite ?? true else {
            throw ValidationError("--timeout must be a number of seconds, 0 or more")
        }
    }

    func maxFileSize(_ settings: Settings) -> Int { maxFileSize ?? settings.maxFileSize }

    /// nil: no limit (`--timeout 0`).
    func timeout(_ settings: Settings) -> Double? {
        let value = timeout ?? settings.timeout
        return value.flatMap { $0 > 0 ? $0 : nil }
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}
