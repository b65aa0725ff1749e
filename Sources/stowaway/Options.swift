import ArgumentParser
import StowawayCore
import StowawayKit
import StowawayReport

/// Which rules to use: shared by every command that loads rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Add the rules in this folder (or YAML file); repeatable.", valueName: "dir"))
    var rules: [String] = []

    @Flag(name: .long, help: "Do not use the built-in rule pack.")
    var noBuiltinRules = false

    @Flag(name: .long, help: "Do not read or write the compiled-rule cache.")
    var noCache = false

    var source: RuleSource { RuleSource(includeBuiltin: !noBuiltinRules, directories: rules) }
}

/// How results are written and what fails the run.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Report format: text, json or jsonl.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Print secrets in full (they are redacted by default in every format).")
    var showSecrets = false

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: critical, high, medium, low, info.")
    var failOn: Severity = .low

    @Option(name: .long, help: "Leave out findings below this severity (default low: vendors' documentation examples, rated info, are hidden).")
    var minSeverity: Severity = .low

    @Option(name: .long, help: "Leave out findings below this confidence: high, medium, low.")
    var minConfidence: Confidence = .low

    @Flag(name: [.customShort("q"), .long], help: "Print no warnings or notes on standard error.")
    var quiet = false

    @Flag(name: .long, help: "Never use colours.")
    var noColor = false
}

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}
