import Foundation
import Testing

/// The real pre-commit framework (https://pre-commit.com) running this repository's `.pre-commit-hooks.yaml` with
/// `pre-commit try-repo`. Needs `pre-commit` on PATH (or its path in PRE_COMMIT); `.ci/run` installs it in a venv.
@Suite struct PreCommitFrameworkTests {
    static let executable: String? = {
        if let configured = ProcessInfo.processInfo.environment["PRE_COMMIT"], !configured.isEmpty { return configured }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/pre-commit" }.first(where: FileManager.default.isExecutableFile)
    }()

    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A repository holding only the hooks file (what `language: system` needs): try-repo wants a Git repository.
    static func hookRepository(in fixture: GitFixture, copying files: [String]) throws -> String {
        let hooks = fixture.root + "/hook-repo"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        for file in files {
            let target = hooks + "/" + file
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: packageRoot + "/" + file, toPath: target)
        }
        try fixture.git("init", "-q", "-b", "main", in: hooks)
        try fixture.git("add", "-A", in: hooks)
        try fixture.git("commit", "-q", "-m", "hooks", in: hooks)
        return hooks
    }

    static func tryRepo(_ hooks: String, hook: String, in repo: GitFixture, path extra: String?) throws -> Shell.Result {
        var environment = repo.environment()
        // The user's home keeps SwiftPM's package cache (the source-built hook resolves dependencies through it).
        environment["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? repo.root
        environment["PRE_COMMIT_HOME"] = repo.root + "/pre-commit-cache"
        environment["NO_COLOR"] = "1"
        if let extra { environment["PATH"] = extra + ":" + (environment["PATH"] ?? "") }
        return try Shell.run(executable!, ["try-repo", hooks, hook, "--verbose"], in: repo.path, environment: environment)
    }

    static func check(hooks: String, hook: String, repo: GitFixture, path: String?) throws {
        try repo.commit("initial", files: ["README.md": "hello\n"])
        let key = TestTokens.awsKeyID(2)
        try repo.write("settings.ini", "[aws]\naws_access_key_id = \(key)\n")
        try repo.git("add", "settings.ini")
        let blocked = try tryRepo(hooks, hook: hook, in: repo, path: path)
        let output = blocked.stdout + blocked.stderr
        #expect(blocked.status != 0, "\(output)")
        #expect(output.contains("settings.ini:2"))
        #expect(output.contains("commit blocked"))
        #expect(!output.contains(key))

        try repo.write("settings.ini", "[aws]\nregion = eu-west-1\n")
        try repo.git("add", "settings.ini")
        let passed = try tryRepo(hooks, hook: hook, in: repo, path: path)
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
    }

    @Test(.enabled(if: executable != nil, "pre-commit is not installed: pip install pre-commit (or set PRE_COMMIT)"))
    func installedBinaryHookBlocksASecretAndPassesACleanCommit() throws {
        let repo = try GitFixture()
        let hooks = try Self.hookRepository(in: repo, copying: [".pre-commit-hooks.yaml"])
        let binaryFolder = URL(fileURLWithPath: BuiltBinary.path).deletingLastPathComponent().path
        try Self.check(hooks: hooks, hook: "stowaway-system", repo: repo, path: binaryFolder)
    }

    /// `language: swift` makes pre-commit build the package in release mode (minutes on two cores), so it runs only
    /// when STOWAWAY_TEST_PRE_COMMIT_SWIFT=1.
    @Test(.enabled(if: executable != nil && ProcessInfo.processInfo.environment["STOWAWAY_TEST_PRE_COMMIT_SWIFT"] == "1",
                   "set STOWAWAY_TEST_PRE_COMMIT_SWIFT=1 (and install pre-commit) to build the hook from source"))
    func sourceBuiltHookBlocksASecretAndPassesACleanCommit() throws {
        let repo = try GitFixture()
        // The package as committed would be: manifest, sources, and test sources (SwiftPM needs every target's folder).
        var files = [".pre-commit-hooks.yaml", "Package.swift", "Package.resolved"]
        for folder in ["Sources", "Tests"] {
            let walker = FileManager.default.enumerator(atPath: Self.packageRoot + "/" + folder)
            while let file = walker?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: Self.packageRoot + "/\(folder)/" + file, isDirectory: &isDirectory),
                   !isDirectory.boolValue { files.append("\(folder)/" + file) }
            }
        }
        let hooks = try Self.hookRepository(in: repo, copying: files)
        try Self.check(hooks: hooks, hook: "stowaway", repo: repo, path: nil)
    }
}
