#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs the built binary like `CLI.run`, but never waits forever: a run still going after `timeLimit` seconds is
/// killed and reported as hung, so a hang fails its test instead of stalling the suite. Can start the binary as
/// another user (`setpriv`), with a chosen TMPDIR, and hand back the running process (for signals).
enum HostileCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var hung: Bool
        var seconds: Double
        var signaled: Bool
        /// The run's peak resident set (VmHWM), sampled while it ran; 0 when /proc could not be read.
        var peakResidentBytes: Int
        var output: String { stdout + stderr }

        /// The JSON report on standard output (`--format json`).
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
        }

        func summary() throws -> [String: Any] { try json()["summary"] as? [String: Any] ?? [:] }

        /// (kind, input, message) of every issue in the JSON report.
        func issues() throws -> [(kind: String, input: String, message: String)] {
            (try json()["errors"] as? [[String: Any]] ?? []).map {
                ($0["kind"] as? String ?? "", $0["input"] as? String ?? "", $0["message"] as? String ?? "")
            }
        }

        /// Paths of every finding's occurrences in the JSON report.
        func findingPaths() throws -> [String] {
            (try json()["findings"] as? [[String: Any]] ?? []).flatMap { finding in
                (finding["occurrences"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            }
        }
    }

    final class Running: @unchecked Sendable {
        let process: Process
        let stdinPipe: Pipe
        private let out = Pipe()
        private let err = Pipe()
        private var outData = Data()
        private var errData = Data()
        private let group = DispatchGroup()
        let started = Date()

        init(_ arguments: [String], in directory: String?, environment: [String: String], asUser user: String?) throws {
            process = Process()
            if let user {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                process.arguments = ["--reuid=\(user)", "--regid=\(user == "nobody" ? "nogroup" : user)", "--clear-groups",
                                     CLI.binary] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = arguments
            }
            if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
            process.environment = CLI.environment(adding: environment)
            stdinPipe = Pipe()
            process.standardInput = stdinPipe
            process.standardOutput = out
            process.standardError = err
            try process.run()
            group.enter()
            DispatchQueue.global().async { [self] in
                outData = out.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
            group.enter()
            DispatchQueue.global().async { [self] in
                errData = err.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }

        var pid: Int32 { process.processIdentifier }

        /// Waits up to `timeLimit` seconds; kills the process (and says so) when it is still running then.
        func wait(timeLimit: Double) -> Result {
            let deadline = Date().addingTimeInterval(timeLimit)
            var peak = 0
            while process.isRunning, Date() < deadline {
                peak = max(peak, Self.peakResident(of: process.processIdentifier))
                usleep(20_000)
            }
            let hung = process.isRunning
            if hung { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            group.wait()
            return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self), hung: hung,
                          seconds: Date().timeIntervalSince(started),
                          signaled: process.terminationReason == .uncaughtSignal, peakResidentBytes: peak)
        }

        /// VmHWM of a running process: its own peak, unlike RUSAGE_CHILDREN, which is the largest of every child this
        /// test process ever waited for (Chromium, git, other suites' runs).
        static func peakResident(of pid: Int32) -> Int {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                  let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
            else { return 0 }
            return kilobytes * 1024
        }
    }

    static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                      asUser user: String? = nil) throws -> Running {
        try Running(arguments, in: directory, environment: environment, asUser: user)
    }

    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                    asUser user: String? = nil, timeLimit: Double = 120) throws -> Result {
        let running = try start(arguments, in: directory, environment: environment, asUser: user)
        try running.stdinPipe.fileHandleForWriting.close()
        return running.wait(timeLimit: timeLimit)
    }

    /// Whether the tests run as root, where permission bits do not stop reading.
    static var isRoot: Bool { getuid() == 0 }

    /// Whether the binary can be started as `nobody` here (root with setpriv, and a binary `nobody` may execute).
    static let canRunAsNobody: Bool = {
        guard isRoot, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              let result = try? run(["--version"], asUser: "nobody", timeLimit: 30) else { return false }
        return result.status == 0
    }()

    /// A compiled-rule cache `nobody` can read: a copy of this user's, so a run as nobody does not recompile.
    static func cacheReadableByAnyone(in directory: String) -> String {
        let cache = directory + "/cache"
        let target = cache + "/stowaway"
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let environment = ProcessInfo.processInfo.environment
        let source = environment["XDG_CACHE_HOME"].map { $0 + "/stowaway" }
            ?? (environment["HOME"] ?? "/root") + "/.cache/stowaway"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? [] where name.hasSuffix(".hsdb") {
            try? FileManager.default.copyItem(atPath: source + "/" + name, toPath: target + "/" + name)
        }
        _ = chmod(directory, 0o755)
        _ = chmod(cache, 0o777)
        _ = chmod(target, 0o777)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [] { _ = chmod(target + "/" + name, 0o644) }
        return cache
    }

    /// The hostile image generator (Fixtures/hostile/generate.py): writes KIND into `output`.
    static func generateImage(_ kind: String, to output: String, token: String, extra: [String] = []) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Fixtures/hostile/generate.py").path, kind, output,
                             "--token", token] + extra
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Runs a command (git, mkfifo…) and fails the test setup when it fails.
    @discardableResult
    static func shell(_ arguments: [String], in directory: String? = nil, input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = "Test"
        env["GIT_AUTHOR_EMAIL"] = "test@example.com"
        env["GIT_COMMITTER_NAME"] = "Test"
        env["GIT_COMMITTER_EMAIL"] = "test@example.com"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(input) }
        try inputPipe.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "shell", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: arguments.joined(separator: " ")])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
