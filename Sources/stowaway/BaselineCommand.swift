import ArgumentParser
import Foundation
import StowawayCore
import StowawayKit

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Accept the current findings: later scans with --baseline report only new ones.",
        subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan and write the findings' fingerprints (rule id + SHA-256 of the secret; no secrets) to a file.")

        @OptionGroup var tree: TreeOptions
        @OptionGroup var ruleOptions: RuleOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("The baseline file to write.", valueName: "file"))
        var output: String

        func run() throws {
            try tree.checkPathsExist()
            let outputOptions = try OutputOptions.parse([])
            let loaded = try CommandSupport.engine(ruleOptions, outputOptions, roots: tree.paths)
            var report = tree.scan(with: loaded)
            report.issues = loaded.issues + report.issues
            for issue in report.issues where issue.isError { CommandSupport.printError(issue.description) }
            let document = BaselineWriter.document(for: report, toolVersion: StowawayVersion.current)
            guard FileManager.default.createFile(atPath: output, contents: Data(document.utf8)) else {
                throw StowawayError(output, "cannot write the baseline")
            }
            print("wrote \(report.findings.count) fingerprint\(report.findings.count == 1 ? "" : "s") to \(output)")
            if report.isIncomplete { throw ExitCode(ExitStatus.error.rawValue) }
        }
    }
}
