import ArgumentParser
import StowawayKit

/// The command tree. Commands parse options and call StowawayKit; exit codes are decided here alone.
struct Stowaway: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stowaway",
        abstract: "Find hard-coded secrets in files, Dockerfiles, Git history and container images.",
        discussion: """
            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage error or a scan \
            that could not complete.
            """,
        version: StowawayVersion.current,
        subcommands: [ScanCommand.self, BaselineCommand.self, RulesCommand.self, ImageCommand.self, GitCommand.self, HookCommand.self,
                      ReportCommand.self],
        defaultSubcommand: nil
    )
}

/// Exit codes shared by every command.
enum ExitStatus: Int32 {
    case clean = 0
    case findings = 1
    case error = 2
}
