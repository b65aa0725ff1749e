import ArgumentParser
import StowawayCore
import StowawayKit
import StowawayReport

/// Renders a saved JSON report again, for now as the HTML audit report: scan once in CI with `--format json`, then
/// turn the artifact into a page for a ticket without scanning again.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a saved JSON report (from --format json) as a self-contained HTML page.",
        discussion: """
            The page embeds the JSON report unchanged (secrets stay as redacted as they are in the file) and needs \
            no network. Exit 0 when the page was written, 2 when the input is not a stowaway JSON report or the \
            output cannot be written.
            """)

    @Argument(help: ArgumentHelp("A report written by `stowaway … --format json` (- for standard input).", valueName: "report.json"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format, optionally with a file: html (the only one a saved report renders to).", valueName: "format[=file]"))
    var format: String = "html"

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the page to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        guard let spec = OutputSpec(argument: format), spec.format == .html else {
            throw ValidationError("`stowaway report` renders html only (--format html or --format html=FILE), not `\(format)`")
        }
    }

    func run() throws {
        let saved = try SavedReport.load(file)
        let spec = OutputSpec(argument: format)
        try ReportWriting.write(text: HTMLReporter.page(embedding: saved.json), to: spec?.path ?? output)
    }
}
