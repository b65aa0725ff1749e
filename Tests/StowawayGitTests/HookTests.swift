import Foundation
import StowawayCore
import StowawayKit
import Testing

/// `stowaway hook install` and the hook itself, run by a real `git commit`.
@Suite struct HookTests {
    @Test func installWritesAnExecutableHookAndUpdatesItsOwn() throws {
        let repo = try GitFixture()
        let hook = repo.path + "/.git/hooks/pre-commit"
        let first = try GitScanHook.install(repository: repo.path, executable: "/opt/stowaway/bin/stowaway", force: false)
        #expect(first == .installed(path: hook))
        let text = try String(contentsOfFile: hook, encoding: .utf8)
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(text.contains(GitScanHook.marker))
        #expect(text.contains("'/opt/stowaway/bin/stowaway'"))
        #expect(text.contains("git --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        let second = try GitScanHook.install(repository: repo.path, executable: "/usr/local/bin/stowaway", force: false)
        #expect(second == .updated(path: hook))
    }

    @Test func foreignHookIsKeptUnlessForced() throws {
        let repo = try GitFixture()
        let hook = repo.path + "/.git/hooks/pre-commit"
        let foreign = "#!/bin/sh\necho mine\n"
        try repo.write(".git/hooks/pre-commit", foreign)
        #expect(throws: StowawayError.self) {
            try GitScanHook.install(repository: repo.path, executable: "/bin/stowaway", force: false)
        }
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == foreign)
        let forced = try GitScanHook.install(repository: repo.path, executable: "/bin/stowaway", force: true)
        #expect(forced == .replaced(path: hook, backup: hook + ".stowaway-backup"))
        #expect(try String(contentsOfFile: hook + ".stowaway-backup", encoding: .utf8) == foreign)
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains(GitScanHook.marker))
    }

    @Test func honoursCoreHooksPath() throws {
        let repo = try GitFixture()
        try repo.git("config", "core.hooksPath", ".githooks")
        let result = try GitScanHook.install(repository: repo.path, executable: "/bin/stowaway", force: false)
        #expect(result == .installed(path: repo.path + "/.githooks/pre-commit"))
    }

    /// The installed hook, run by git: a commit adding a secret is refused with the place and the way out; a clean
    /// commit goes through. Uses the built binary and its built-in rules.
    @Test func gitCommitIsBlockedByTheInstalledHook() throws {
        let repo = try GitFixture()
        try repo.commit("initial", files: ["README.md": "hello\n"])
        _ = try GitScanHook.install(repository: repo.path, executable: BuiltBinary.path, force: false)
        let key = TestTokens.awsKeyID(1)
        try repo.write("deploy/config.ini", "[aws]\naws_access_key_id = \(key)\n")
        try repo.git("add", "deploy/config.ini")
        let blocked = try Shell.run("/usr/bin/env", ["git", "commit", "-q", "-m", "add config"], in: repo.path,
                                    environment: repo.environment())
        let output = blocked.stdout + blocked.stderr
        #expect(blocked.status != 0)
        #expect(output.contains("commit blocked"))
        #expect(output.contains("deploy/config.ini:2"))
        #expect(output.contains("stowaway:allow"))
        #expect(!output.contains(key), "the secret must be redacted")

        try repo.write("deploy/config.ini", "[aws]\naws_access_key_id = ${AWS_ACCESS_KEY_ID}\n")
        try repo.git("add", "deploy/config.ini")
        let passed = try Shell.run("/usr/bin/env", ["git", "commit", "-q", "-m", "add config"], in: repo.path,
                                   environment: repo.environment())
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")

        // `git commit -a` hands the hook a temporary index: the change it commits is seen.
        try repo.write("deploy/config.ini", "[aws]\naws_access_key_id = \(key)\n")
        let all = try Shell.run("/usr/bin/env", ["git", "commit", "-q", "-a", "-m", "oops"], in: repo.path,
                                environment: repo.environment())
        #expect(all.status != 0)
        #expect((all.stdout + all.stderr).contains("deploy/config.ini:2"))
    }
}
