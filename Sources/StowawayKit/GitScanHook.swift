import Foundation
import StowawayCore
import StowawayGit

/// The Git pre-commit hook that runs `stowaway git --staged`, and its installation.
public enum GitScanHook {
    /// The line that identifies a hook stowaway wrote (and may therefore replace without asking).
    public static let marker = "# stowaway pre-commit hook"

    public enum Installation: Sendable, Equatable {
        case installed(path: String)
        /// A previous stowaway hook was rewritten.
        case updated(path: String)
        /// Another hook was replaced (`--force`); it was kept at `backup`.
        case replaced(path: String, backup: String)
    }

    public static func script(executable: String) -> String {
        let quoted = "'" + executable.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            \(marker): blocks commits that add secrets (written by `stowaway hook install`).
            # It scans only what is staged. Bypass once with `git commit --no-verify`; delete this file to uninstall.
            installed=\(quoted)
            STOWAWAY="${STOWAWAY:-$installed}"
            if [ ! -x "$STOWAWAY" ]; then
                STOWAWAY=$(command -v stowaway) || {
                    echo "stowaway pre-commit hook: no stowaway binary at $installed or on PATH" >&2
                    exit 1
                }
            fi
            exec "$STOWAWAY" git --staged

            """
    }

    /// Writes `pre-commit` into the repository's hooks directory (`core.hooksPath` is honoured). A hook stowaway did
    /// not write is kept unless `force`.
    public static func install(repository path: String, executable: String, force: Bool) throws -> Installation {
        let repository = try GitRepository(discovering: path)
        let directory = repository.hooksDirectory()
        let hook = directory + "/pre-commit"
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StowawayError(directory, "cannot create the hooks directory: \(error.localizedDescription)")
        }
        var result = Installation.installed(path: hook)
        if files.fileExists(atPath: hook) {
            let existing = (try? String(contentsOfFile: hook, encoding: .utf8)) ?? ""
            if existing.contains(marker) {
                result = .updated(path: hook)
            } else if !force {
                throw StowawayError(hook, """
                    a pre-commit hook that stowaway did not write is already installed; rerun with --force to replace \
                    it (it is kept as pre-commit.stowaway-backup), or add `stowaway git --staged` to it yourself
                    """)
            } else {
                let backup = hook + ".stowaway-backup"
                try? files.removeItem(atPath: backup)
                do {
                    try files.moveItem(atPath: hook, toPath: backup)
                } catch {
                    throw StowawayError(hook, "cannot move the existing hook aside: \(error.localizedDescription)")
                }
                result = .replaced(path: hook, backup: backup)
            }
        }
        guard files.createFile(atPath: hook, contents: Data(script(executable: executable).utf8),
                               attributes: [.posixPermissions: 0o755]) else {
            throw StowawayError(hook, "cannot write the hook")
        }
        // createFile keeps an existing file's mode; make sure it is executable.
        try? files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        return result
    }
}
