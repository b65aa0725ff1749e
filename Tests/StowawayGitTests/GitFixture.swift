import Foundation

/// A Git repository built at test time with the `git` command line, in a temporary directory removed afterwards.
/// Author, committer and dates are fixed (each commit one minute after the previous one), so commit ids are the same
/// on every run and every machine.
final class GitFixture {
    /// The temporary directory; the repository is `path`, other repositories and files go elsewhere below `root`.
    let root: String
    let path: String
    private var tick = 0

    static let author = (name: "Ada Lovelace", email: "ada@example.com")
    static let firstCommitTime = 1_700_000_000

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-git-\(UUID().uuidString)").path
        path = root + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // An empty global configuration of our own: the user's settings must not change what git records.
        FileManager.default.createFile(atPath: root + "/.gitconfig", contents: Data())
        try git("init", "-q", "-b", "main")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The environment every git call runs with: no user or system configuration, fixed identity and dates.
    func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let date = "\(Self.firstCommitTime + tick * 60) +0000"
        environment["GIT_AUTHOR_NAME"] = Self.author.name
        environment["GIT_AUTHOR_EMAIL"] = Self.author.email
        environment["GIT_COMMITTER_NAME"] = "Charles Babbage"
        environment["GIT_COMMITTER_EMAIL"] = "charles@example.com"
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_DATE"] = date
        environment["HOME"] = root
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = root + "/.gitconfig"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_COUNT"] = "3"
        environment["GIT_CONFIG_KEY_0"] = "commit.gpgsign"
        environment["GIT_CONFIG_VALUE_0"] = "false"
        environment["GIT_CONFIG_KEY_1"] = "init.defaultBranch"
        environment["GIT_CONFIG_VALUE_1"] = "main"
        environment["GIT_CONFIG_KEY_2"] = "protocol.file.allow"
        environment["GIT_CONFIG_VALUE_2"] = "always"
        return environment
    }

    /// Runs git in the repository (or `directory`); fails the test on a non-zero exit unless `allowFailure`.
    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil, input: Data? = nil, allowFailure: Bool = false) throws -> String {
        let result = try Shell.run("/usr/bin/env", ["git"] + arguments, in: directory ?? path, environment: environment(),
                                   input: input)
        if result.status != 0 && !allowFailure {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ relative: String, _ contents: String, in directory: String? = nil) throws {
        try write(relative, Data(contents.utf8), in: directory)
    }

    func write(_ relative: String, _ data: Data, in directory: String? = nil) throws {
        let file = (directory ?? path) + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
    }

    /// Writes `files`, deletes `removing`, stages everything and commits; returns the new commit id.
    @discardableResult
    func commit(_ message: String, files: [String: String] = [:], removing: [String] = [],
                in directory: String? = nil) throws -> String {
        for (relative, contents) in files { try write(relative, contents, in: directory) }
        for relative in removing { try FileManager.default.removeItem(atPath: (directory ?? path) + "/" + relative) }
        tick += 1
        try git("add", "-A", in: directory)
        try git("commit", "-q", "--allow-empty", "-m", message, in: directory)
        return try git("rev-parse", "HEAD", in: directory)
    }

    /// Advances the fixed clock (for commits made by git commands other than `commit`, such as merge or stash).
    func advanceClock() { tick += 1 }

    /// The commit date git recorded for the `n`th tick, as stowaway formats it.
    static func isoDate(tick: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(firstCommitTime + tick * 60)))
            .replacingOccurrences(of: "Z", with: "+00:00")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a program and captures its output (both pipes read concurrently, so a large output cannot deadlock).
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String],
                    input: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        let writer = DispatchGroup()
        if let input {
            writer.enter()
            DispatchQueue.global().async {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
                writer.leave()
            }
        } else {
            try? stdin.fileHandleForWriting.close()
        }
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        writer.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData, as: UTF8.self))
    }
}
