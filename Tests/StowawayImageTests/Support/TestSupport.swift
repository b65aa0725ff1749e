import Foundation
import StowawayCore
import StowawayEngine
import StowawayImage
import StowawayKit

/// Test rules and synthetic secrets (never real-looking vendor tokens), until the built-in pack is wired in.
enum TestRules {
    static let token = Rule(id: "test-token", name: "Test token", severity: .critical, confidence: .high,
                            pattern: #"\b(dmo_[A-Za-z0-9]{24})\b"#)
    static let swarm = Rule(id: "test-swarm-join-token", name: "Docker Swarm join token", severity: .critical,
                            confidence: .high, pattern: #"\b(SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25})\b"#)
    static let dockerAuth = Rule(id: "test-docker-config-auth", name: "Registry auth in .docker/config.json",
                                 severity: .high, confidence: .medium,
                                 pattern: #""auth"\s*:\s*"([A-Za-z0-9+/]{16,}={0,2})""#)
    static let all = [token, swarm, dockerAuth]

    static let engine: Engine = {
        do { return try Engine(rules: all) } catch { fatalError("test rules do not compile: \(error)") }
    }()
}

/// Deterministic synthetic secrets: the same seed gives the same token on every run.
enum Secrets {
    static func random(_ count: Int, alphabet: String, seed: UInt64) -> String {
        let characters = Array(alphabet)
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return String((0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return characters[Int((state >> 33) % UInt64(characters.count))]
        })
    }

    static func token(_ seed: UInt64) -> String {
        "dmo_" + random(24, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", seed: seed)
    }

    static func swarmJoinToken(_ seed: UInt64) -> String {
        let alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        return "SWMTKN-1-" + random(50, alphabet: alphabet, seed: seed) + "-" + random(25, alphabet: alphabet, seed: seed + 1)
    }

    /// base64("user:password") as a `.docker/config.json` `auth` value.
    static func dockerAuth(_ seed: UInt64) -> String {
        Data("ci-bot:\(random(20, alphabet: "abcdefghijklmnopqrstuvwxyz0123456789", seed: seed))".utf8).base64EncodedString()
    }
}

/// A directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("image-fixtures-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

func scanImages(_ inputs: [ImageInput], _ configure: (inout ImageScanOptions) -> Void = { _ in }) -> ScanReport {
    var options = ImageScanOptions()
    options.threads = 2
    configure(&options)
    return ImageScan(engine: TestRules.engine, options: options).run(inputs: inputs)
}

/// Writes `images` in `layout` under `directory` and scans it.
func scanFixture(_ images: [FixtureImage], layout: FixtureLayout, in directory: TemporaryDirectory,
                 _ configure: (inout ImageScanOptions) -> Void = { _ in }) throws -> (ScanReport, FixtureArchive) {
    let archive = FixtureArchive(images, layout: layout)
    let path = try archive.write(to: directory.file(layout.isDirectory ? "layout" : "image.tar"), layout: layout)
    return (scanImages([.path(path)], configure), archive)
}

extension ScanReport {
    /// Every place `secret` was reported.
    func occurrences(of secret: String) -> [Occurrence] {
        findings.filter { $0.secret == secret }.flatMap(\.occurrences)
    }

    func occurrence(of secret: String, path: String) -> Occurrence? {
        occurrences(of: secret).first { $0.provenance.path == path }
    }

    func issues(containing text: String) -> [ScanIssue] {
        issues.filter { $0.description.contains(text) }
    }
}
