import Foundation
import StowawayCore
@testable import StowawayEngine
import Testing

/// Small rule set exercising each engine path: plain, lookaround (prefilter), unbounded, filters.
enum TestRules {
    static let token = Rule(id: "demo-token", name: "Demo token", severity: .critical, confidence: .high,
                            pattern: #"\b(dmo_[A-Za-z0-9]{24})\b"#)
    static let lookahead = Rule(id: "demo-password", name: "Demo password", severity: .high, confidence: .low,
                                pattern: #"(?i)password\s*=\s*"([^"\s]{8,40})"(?=\s*(?:#|$))"#, minEntropy: 2.5)
    static let unbounded = Rule(id: "demo-block", name: "Demo block", severity: .high, confidence: .high,
                                pattern: #"-----BEGIN DEMO-----\n([A-Za-z0-9+/=\n]+)-----END DEMO-----"#)
    static let allowListed = Rule(id: "demo-key", name: "Demo key", severity: .medium, confidence: .medium,
                                  pattern: #"\bkey_([a-z0-9]{16})\b"#, allowPatterns: ["^0+$"], stopwords: ["test"])
    static let all = [token, lookahead, unbounded, allowListed]

    static func randomToken(_ length: Int, seed: inout UInt64) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return alphabet[Int((seed >> 33) % UInt64(alphabet.count))]
        })
    }
}

func scan(_ engine: Engine, _ text: String) throws -> BlobScanResult {
    let scanner = try engine.makeScanner()
    return Array(text.utf8).withUnsafeBytes { scanner.scan($0, path: "t.txt") }
}

@Suite struct EngineTests {
    let engine: Engine

    init() throws { engine = try Engine(rules: TestRules.all) }

    @Test func findsTokenWithLineAndColumn() throws {
        var seed: UInt64 = 1
        let token = "dmo_" + TestRules.randomToken(24, seed: &seed)
        let result = try scan(engine, "first\nsecond line\n  x = \(token) # here\n")
        let candidate = try #require(result.candidates.first)
        #expect(result.candidates.count == 1)
        #expect(candidate.secret == token)
        #expect(candidate.location.line == 3)
        #expect(candidate.location.column == 7)
        #expect(candidate.location.endLine == 3)
        #expect(candidate.lineText == "  x = \(token) # here")
    }

    @Test func wordBoundariesHold() throws {
        var seed: UInt64 = 2
        let token = "dmo_" + TestRules.randomToken(30, seed: &seed)
        #expect(try scan(engine, "x=\(token)").candidates.isEmpty, "longer run is not a 24-char token")
        #expect(try scan(engine, "xdmo_\(TestRules.randomToken(24, seed: &seed))").candidates.isEmpty)
    }

    @Test func lookaroundRuleUsesPrefilterAndStillConfirms() throws {
        let rule = try #require(engine.rules.first { $0.rule.id == "demo-password" })
        #expect(rule.usesPrefilter)
        let found = try scan(engine, "password = \"Zx8kQ2pL0vN5\"\n").candidates
        #expect(found.map(\.secret) == ["Zx8kQ2pL0vN5"])
        #expect(try scan(engine, "password = \"Zx8kQ2pL0vN5\" trailing\n").candidates.isEmpty)
        #expect(try scan(engine, "password = \"${DB_PASS}\"\n").candidates.isEmpty, "placeholder")
        #expect(try scan(engine, "password = \"aaaaaaaaaa\"\n").candidates.isEmpty, "entropy")
    }

    @Test func multiLineUnboundedMatchReportsEndLine() throws {
        let text = "a\n-----BEGIN DEMO-----\nQUJDREVGR0g=\nSUpLTE1OT1A=\n-----END DEMO-----\n"
        let candidate = try #require(try scan(engine, text).candidates.first)
        #expect(candidate.location.line == 3)
        #expect(candidate.location.endLine == 5)
    }

    @Test func allowPatternsAndStopwordsDropCandidates() throws {
        #expect(try scan(engine, "key_0000000000000000").candidates.isEmpty)
        #expect(try scan(engine, "key_abtestcd12345678").candidates.isEmpty)
        #expect(try scan(engine, "key_ab9fcd1234567a8e").candidates.count == 1)
    }

    @Test func manyTokensInOneBlobAreAllFound() throws {
        var seed: UInt64 = 3
        var lines: [String] = []
        var tokens: [String] = []
        for index in 0..<2000 {
            let token = "dmo_" + TestRules.randomToken(24, seed: &seed)
            tokens.append(token)
            lines.append("line \(index) \(token)")
        }
        let result = try scan(engine, lines.joined(separator: "\n"))
        #expect(result.candidates.map(\.secret) == tokens)
        #expect(result.candidates.last?.location.line == 2000)
    }

    /// Streaming and block mode must agree, whatever the chunk boundaries (including splits inside a token).
    @Test(arguments: [1, 7, 64, 4096, 65536])
    func chunkedScanMatchesBlockScan(chunkSize: Int) throws {
        var seed: UInt64 = 4
        var text = ""
        for index in 0..<300 {
            text += String(repeating: "filler text \(index) ", count: Int(seed % 7))
            text += "token dmo_\(TestRules.randomToken(24, seed: &seed))\n"
            if index % 50 == 0 { text += "password = \"Qm9vN3kP\(index)xZ\"\n" }
        }
        let block = try scan(engine, text)
        let scanner = try engine.makeScanner()
        let chunked = try scanner.stream(path: "t.txt")
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            bytes[offset..<end].withUnsafeBytes { chunked.feed($0) }
            offset = end
        }
        let streamed = chunked.finish()
        #expect(streamed.bytesScanned == bytes.count)
        #expect(streamed.candidates.map(\.secret) == block.candidates.map(\.secret))
        #expect(streamed.candidates.map(\.location) == block.candidates.map(\.location))
        #expect(block.candidates.count == 306)
    }

    /// A pattern built to backtrack catastrophically must give up on PCRE2's limits instead of hanging.
    @Test(.timeLimit(.minutes(1))) func catastrophicBacktrackingIsBounded() throws {
        let evil = Rule(id: "evil", name: "Evil", severity: .low, confidence: .low, pattern: #"(?=x)(x+x+)+y"#)
        let engine = try Engine(rules: [evil])
        let result = try scan(engine, String(repeating: "x", count: 5000))
        #expect(result.candidates.isEmpty)
    }

    @Test func ruleHyperscanRejectsIsReportedNotFatal() throws {
        let broken = Rule(id: "broken", name: "Broken", severity: .low, confidence: .low, pattern: #"(unclosed"#)
        let engine = try Engine(rules: [TestRules.token, broken])
        #expect(engine.problems.contains { $0.input == "broken" })
        var seed: UInt64 = 5
        #expect(try scan(engine, "dmo_" + TestRules.randomToken(24, seed: &seed)).candidates.count == 1)
    }
}

@Suite struct EngineCacheTests {
    @Test func secondBuildLoadsFromCacheAndCorruptCacheIsRebuilt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = EngineCache(directory: directory)
        let first = try Engine(rules: TestRules.all, cache: cache)
        #expect(!first.loadedFromCache)
        let second = try Engine(rules: TestRules.all, cache: cache)
        #expect(second.loadedFromCache)
        #expect(second.rules.map(\.usesPrefilter) == first.rules.map(\.usesPrefilter))
        var seed: UInt64 = 6
        #expect(try scan(second, "dmo_" + TestRules.randomToken(24, seed: &seed)).candidates.count == 1)

        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: directory + "/" + file))
        }
        let third = try Engine(rules: TestRules.all, cache: cache)
        #expect(!third.loadedFromCache)
        #expect(try scan(third, "dmo_" + TestRules.randomToken(24, seed: &seed)).candidates.count == 1)
        #expect(try Engine(rules: TestRules.all, cache: cache).loadedFromCache, "rebuilt cache is stored again")

        let changed = try Engine(rules: Array(TestRules.all.dropLast()), cache: cache)
        #expect(!changed.loadedFromCache, "a different pack has a different key")
    }
}

@Suite struct DecodingTests {
    let engine: Engine
    let token: String

    init() throws {
        engine = try Engine(rules: TestRules.all)
        var seed: UInt64 = 9
        token = "dmo_" + TestRules.randomToken(24, seed: &seed)
    }

    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    func scan(_ bytes: [UInt8], path: String) throws -> BlobScanResult {
        let scanner = try engine.makeScanner()
        return bytes.withUnsafeBytes { scanner.scan($0, path: path) }
    }

    @Test func base64InConfigIsDecodedAndReportedAtTheEncodedPlace() throws {
        let yaml = "apiVersion: v1\nkind: Secret\ndata:\n  token: \(base64("token=\(token)\n"))\n"
        let result = try scan(Array(yaml.utf8), path: "k8s/secret.yaml")
        let candidate = try #require(result.candidates.first)
        #expect(candidate.secret == token)
        #expect(candidate.decodedFrom == "base64")
        #expect(candidate.location.line == 4)
        #expect(candidate.location.column == 10)
    }

    @Test func nestedBase64IsDecodedTwoLevelsDeep() throws {
        let inner = base64("{\"auth\": \"\(base64("user:\(token)"))\"}")
        let result = try scan(Array("data:\n  .dockerconfigjson: \(inner)\n".utf8), path: "secret.yml")
        #expect(result.candidates.map(\.secret) == [token])
        #expect(result.candidates.first?.decodedFrom == "base64+base64")
    }

    @Test func base64IsNotDecodedInMinifiedOrBinaryLookingData() throws {
        let encoded = base64("token=\(token)\n")
        #expect(try scan(Array("var a=\"\(encoded)\";".utf8), path: "app.min.js").candidates.isEmpty)
        let image = Data((0..<200).map { UInt8($0) }).base64EncodedString()
        #expect(try scan(Array("img: \(image)\n".utf8), path: "a.yaml").candidates.isEmpty)
    }

    @Test(arguments: [true, false])
    func utf16TextIsTranscoded(withMark: Bool) throws {
        let text = "line one\r\nsecret = \(token)\r\n"
        var bytes: [UInt8] = withMark ? [0xFF, 0xFE] : []
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = try scan(bytes, path: "notes.txt")
        let candidate = try #require(result.candidates.first)
        #expect(candidate.secret == token)
        #expect(candidate.location.line == 2)
        #expect(candidate.decodedFrom == "utf-16")
        #expect(result.bytesScanned == bytes.count)
    }
}

/// Regressions seen with Debian's vectorscan 5.4.9 (why stowaway links Intel Hyperscan): matches silently missed
/// depending on where they sit in the buffer. These must hold for whatever libhs the package is built against.
@Suite struct MatcherRegressionTests {
    /// 64 or more "not newline" characters before a newline were missed (vectorscan #382).
    @Test(arguments: [10, 64, 100, 5000])
    func longLinesBeforeANewlineAreFound(length: Int) throws {
        let rules = [
            Rule(id: "dot", name: "Dot", severity: .high, confidence: .low, pattern: #"u:\n.*\nx"#, checkPlaceholders: false),
            Rule(id: "class", name: "Class", severity: .high, confidence: .low, pattern: #"v:\n[^\n]{0,9000}\ny"#,
                 checkPlaceholders: false),
        ]
        let engine = try Engine(rules: rules)
        let line = String(repeating: "A", count: length)
        let result = try scan(engine, "u:\n\(line)\nx\nv:\n\(line)\ny\n")
        #expect(Set(result.candidates.map { engine.rules[$0.ruleIndex].rule.id }) == ["dot", "class"])
    }

    /// A character class followed by punctuation (`[a-f0-9]{32}-…`, `[a-f]=`) was missed at most offsets.
    @Test func classThenPunctuationIsFoundAtEveryOffset() throws {
        let rule = Rule(id: "mailgun-like", name: "M", severity: .high, confidence: .low,
                        pattern: #"\b([a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})\b"#, checkPlaceholders: false)
        let engine = try Engine(rules: [rule])
        let scanner = try engine.makeScanner()
        let token = "0123456789abcdef0123456789abcdef-01234567-89abcdef"
        var missed: [Int] = []
        for padding in 0..<400 {
            let text = String(repeating: "x", count: padding) + "\nkey = " + token + "\n"
            let found = Array(text.utf8).withUnsafeBytes { scanner.scan($0, path: "t") }.candidates
            if found.map(\.secret) != [token] { missed.append(padding) }
        }
        #expect(missed.isEmpty, "missed at paddings \(missed.prefix(20))")
    }
}

@Suite struct OverlapTests {
    @Test func theMostSpecificRuleReportsAnOverlappingSecret() throws {
        let vendor = Rule(id: "vendor-key", name: "Vendor", severity: .critical, confidence: .high,
                          pattern: #"\b(vnd_[A-Za-z0-9]{20})\b"#)
        let generic = Rule(id: "generic-key", name: "Generic", severity: .high, confidence: .low,
                           pattern: #"(?i)api_key\s*=\s*"([^"]{16,})""#, checkPlaceholders: false, tags: ["generic"])
        let engine = try Engine(rules: [generic, vendor])
        let result = try scan(engine, "API_KEY = \"vnd_Ab3dE5gH7jK9mN1pQ3sT\"\nOTHER_API_KEY = \"Zx8kQ2pL0vN5wR7tY3uI\"\n")
        #expect(result.candidates.map { engine.rules[$0.ruleIndex].rule.id } == ["vendor-key", "generic-key"])
    }
}

@Suite struct PrefilterTests {
    /// Hyperscan looks only for the opening; PCRE2 confirms the whole (long) match from there.
    @Test func aPrefilterFindsMatchesFarLongerThanItself() throws {
        let rule = Rule(id: "block", name: "Block", severity: .critical, confidence: .high,
                        pattern: #"(-----BEGIN DEMO KEY-----\n[A-Za-z0-9+/=\n]{64,20000}-----END DEMO KEY-----)"#,
                        prefilter: "-----BEGIN DEMO KEY-----")
        let engine = try Engine(rules: [rule])
        let body = (0..<200).map { _ in String(repeating: "QUJDRE", count: 10) }.joined(separator: "\n")
        let text = "x\n-----BEGIN DEMO KEY-----\n\(body)\n-----END DEMO KEY-----\n"
        let candidate = try #require(try scan(engine, text).candidates.first)
        #expect(candidate.location.line == 2)
        #expect(candidate.location.endLine == 203)
        #expect(candidate.secret.count > 12_000)
    }
}
