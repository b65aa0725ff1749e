import Foundation
import StowawayCore
import StowawayEngine
import StowawayKit

/// Synthetic secrets (never real ones), deterministic per seed.
enum TestTokens {
    /// A GitHub classic token shape with a valid CRC32 tail, as GitHub issues them.
    static func github(_ seed: UInt64) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var body = ""
        for _ in 0..<30 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            body.append(alphabet[Int((state >> 33) % 62)])
        }
        var checksum = crc32(Array(("ghp_" + body).utf8))
        var tail = ""
        for _ in 0..<6 {
            tail = String(alphabet[Int(checksum % 62)]) + tail
            checksum /= 62
        }
        return "ghp_" + body + tail
    }

    /// An AWS access key id shape (`AKIA` + 16 base-32 characters), caught by the built-in rules.
    static func awsKeyID(_ seed: UInt64) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var state = seed &+ 0x2545_F491_4F6C_DD1D
        var text = "AKIA"
        for _ in 0..<16 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text.append(alphabet[Int((state >> 33) % 32)])
        }
        return text
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

/// A small rule set of our own, so these tests do not depend on the built-in pack.
enum TestEngine {
    static let rule = Rule(id: "test-github-token", name: "Test GitHub token", severity: .high, confidence: .high,
                           pattern: #"\b(ghp_[A-Za-z0-9]{36})\b"#, keywords: ["ghp_"])
    static let shared: Engine = try! Engine(rules: [rule])

    /// The same rule as a rule-pack file, for tests that run the binary with `--rules DIR --no-builtin-rules`.
    static let yaml = """
        rules:
          - id: test-github-token
            name: Test GitHub token
            severity: high
            confidence: high
            pattern: '\\b(ghp_[A-Za-z0-9]{36})\\b'
            keywords: [ghp_]
            remediation: Revoke the token and read it from the environment.
            examples:
              - 'GITHUB_TOKEN={{gen:ghp_[A-Za-z0-9]{36}}}'

        """
}

/// Where one occurrence was attributed, in a form that compares and prints well.
struct Place: Equatable, CustomStringConvertible {
    var source: String
    var commit: String?
    var path: String
    var line: Int

    var description: String { "\(source) \(commit.map { String($0.prefix(12)) } ?? "-") \(path):\(line)" }
}

extension ScanReport {
    func occurrences(of secret: String) -> [Occurrence] {
        findings.filter { $0.secret == secret }.flatMap(\.occurrences)
    }

    func places(of secret: String) -> [Place] {
        occurrences(of: secret).map {
            Place(source: $0.provenance.source, commit: $0.provenance.commit, path: $0.provenance.path, line: $0.location.line)
        }.sorted { ($0.path, $0.line) < ($1.path, $1.line) }
    }

    var secrets: Set<String> { Set(findings.map(\.secret)) }
}

func scanHistory(_ repository: String, engine: Engine = TestEngine.shared,
                 _ configure: (inout GitScanOptions) -> Void = { _ in }) throws -> ScanReport {
    var options = GitScanOptions()
    options.threads = 2
    configure(&options)
    return try GitScan(engine: engine, options: options).run(repository: repository)
}

func scanStaged(_ repository: String) throws -> ScanReport {
    try GitScan(engine: TestEngine.shared).runStaged(repository: repository)
}

/// The `stowaway` binary `swift test` built (this test target depends on the executable).
enum BuiltBinary {
    static let path: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("stowaway").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "stowaway"
    }()

    static func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws
        -> Shell.Result
    {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XDG_CACHE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-git-tests-cache").path
        for (key, value) in extra { environment[key] = value }
        return try Shell.run(path, arguments, in: directory, environment: environment)
    }
}
