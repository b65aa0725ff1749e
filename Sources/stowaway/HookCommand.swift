import ArgumentParser
import Foundation
import StowawayCore
import StowawayKit

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Install the Git pre-commit hook that blocks commits adding secrets.",
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write .git/hooks/pre-commit (or into core.hooksPath) to run `stowaway git --staged`.",
            discussion: """
                A hook stowaway did not write is left alone unless --force (then it is kept as \
                pre-commit.stowaway-backup). With the pre-commit framework, use the hooks in this repository's \
                .pre-commit-hooks.yaml instead.
                """)

        @Argument(help: "The repository.")
        var repository: String = "."

        @Flag(name: .long, help: "Replace an existing pre-commit hook that stowaway did not write.")
        var force = false

        func run() throws {
            let installation = try GitScanHook.install(repository: repository, executable: Self.executablePath(),
                                                       force: force)
            switch installation {
            case .installed(let path): print("installed the pre-commit hook at \(path)")
            case .updated(let path): print("updated the pre-commit hook at \(path)")
            case .replaced(let path, let backup):
                print("installed the pre-commit hook at \(path); the previous hook is kept at \(backup)")
            }
        }

        /// The running binary's absolute path, so the hook works without stowaway on PATH.
        static func executablePath() -> String {
            if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
            return CommandLine.arguments[0]
        }
    }
}
