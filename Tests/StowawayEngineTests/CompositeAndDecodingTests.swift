import Foundation
import StowawayCore
@testable import StowawayEngine
import Testing

/// A key id / secret pair as two rules and a composite rule over them, plus a part-only identifier.
enum PairRules {
    static let keyID = Rule(id: "demo-key-id", name: "Demo key id", severity: .high, confidence: .high,
                            pattern: #"\b(DKID[A-Z0-9]{16})\b"#)
    static let secret = Rule(id: "demo-secret", name: "Demo secret", severity: .high, confidence: .medium,
                             pattern: #"demo_secret\s*=\s*([A-Za-z0-9/+]{32})\b"#)
    static let account = Rule(id: "demo-account", name: "Demo account", severity: .low, confidence: .high,
                              pattern: #"demo_account\s*=\s*([a-z]{4,12})\b"#, partOnly: true)
    static let pair = Rule(id: "demo-pair", name: "Demo pair", severity: .critical, confidence: .high, pattern: "",
                           composite: CompositeSpec(parts: [["demo-key-id"], ["demo-secret"]], withinLines: 3))
    static let accountPair = Rule(id: "demo-account-pair", name: "Demo account pair", severity: .critical,
                                  confidence: .high, pattern: "",
                                  composite: CompositeSpec(parts: [["demo-account"], ["demo-secret"]], withinLines: 3))
    static let token = TestRules.token
    static let all = [keyID, secret, account, pair, token]
}

@Suite struct CompositeRuleTests {
    let engine: Engine
    var seed: UInt64 = 21

    init() throws { engine = try Engine(rules: PairRules.all) }

    mutating func keyID() -> String { "DKID" + TestRules.randomToken(16, seed: &seed).uppercased() }
    mutating func secret() -> String { TestRules.randomToken(32, seed: &seed) }

    func ids(_ result: BlobScanResult) -> [String] { result.candidates.map { engine.rules[$0.ruleIndex].rule.id } }

    @Test mutating func bothPartsNearEachOtherAreOneFindingCarryingBoth() throws {
        let id = keyID(), key = secret()
        let result = try scan(engine, "key_id = \(id)\nregion = eu\ndemo_secret = \(key)\n")
        #expect(ids(result) == ["demo-pair"])
        let pair = try #require(result.candidates.first)
        #expect(pair.secret == CompositeSecret.join([id, key]))
        #expect(pair.confidence == .high)
        #expect(pair.location.line == 1)
        #expect(pair.related.map(\.ruleID) == ["demo-secret"])
        #expect(pair.related.first?.location.line == 3)
        #expect(pair.related.first?.lineText == "demo_secret = \(key)")
    }

    @Test mutating func partsFurtherApartThanTheDistanceReportAlone() throws {
        let id = keyID(), key = secret()
        let result = try scan(engine, "key_id = \(id)\n1\n2\n3\ndemo_secret = \(key)\n")
        #expect(Set(ids(result)) == ["demo-key-id", "demo-secret"])
    }

    @Test mutating func aPartAloneStillReportsUnderItsOwnRule() throws {
        let id = keyID()
        #expect(ids(try scan(engine, "key_id = \(id)\n")) == ["demo-key-id"])
    }

    @Test mutating func eachKeyIDTakesTheClosestSecret() throws {
        let first = keyID(), second = keyID(), firstKey = secret(), secondKey = secret()
        let text = "[a]\nkey_id = \(first)\ndemo_secret = \(firstKey)\n[b]\nkey_id = \(second)\ndemo_secret = \(secondKey)\n"
        let secrets = Set(try scan(engine, text).candidates.map(\.secret))
        #expect(secrets == [CompositeSecret.join([first, firstKey]), CompositeSecret.join([second, secondKey])])
    }

    @Test mutating func partOnlyRulesAreDroppedWhenUnpairedAndPairedOtherwise() throws {
        let engine = try Engine(rules: PairRules.all + [PairRules.accountPair])
        let key = secret()
        #expect(try scan(engine, "demo_account = contoso\n").candidates.isEmpty)
        let paired = try scan(engine, "demo_account = contoso\ndemo_secret = \(key)\n")
        #expect(paired.candidates.map { engine.rules[$0.ruleIndex].rule.id } == ["demo-account-pair"])
        #expect(paired.candidates.first?.secret == CompositeSecret.join(["contoso", key]))
    }

    @Test mutating func chunkedScansCombinePartsToo() throws {
        let id = keyID(), key = secret()
        let bytes = Array("key_id = \(id)\ndemo_secret = \(key)\n".utf8)
        let scanner = try engine.makeScanner()
        let stream = try scanner.stream(path: "big.txt")
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            bytes[chunk..<min(chunk + 7, bytes.count)].withUnsafeBytes { stream.feed($0) }
        }
        #expect(ids(stream.finish()) == ["demo-pair"])
    }

    @Test func anUnknownPartIsAProblemOfThePack() throws {
        let broken = Rule(id: "demo-broken", name: "Broken", severity: .high, confidence: .high, pattern: "",
                          composite: CompositeSpec(parts: [["demo-key-id"], ["no-such-rule"]], withinLines: 3))
        let engine = try Engine(rules: PairRules.all + [broken])
        #expect(engine.problems.contains { $0.input == "demo-broken" && $0.message.contains("no-such-rule") })
    }

    @Test func redactionHidesEachPart() {
        let secret = CompositeSecret.join(["DKIDABCDEFGHIJKLMNOP", "abcdefghijklmnopqrstuvwxyz012345"])
        let redactor = Redactor(showSecrets: false)
        #expect(redactor.secret(secret) == "DKID***** + abcd*****")
        let line = redactor.line("id=DKIDABCDEFGHIJKLMNOP key=abcdefghijklmnopqrstuvwxyz012345", secret: secret)
        #expect(line == "id=DKID***** key=abcd*****")
        #expect(!redactor.text("DKIDABCDEFGHIJKLMNOP", secrets: [secret]).contains("EFGH"))
    }
}

@Suite struct EscapeDecodingTests {
    let engine: Engine
    let token: String

    init() throws {
        engine = try Engine(rules: TestRules.all + [DatabaseRule.uri])
        var seed: UInt64 = 33
        token = "dmo_" + TestRules.randomToken(24, seed: &seed)
    }

    enum DatabaseRule {
        static let uri = Rule(id: "demo-uri", name: "Demo URI password", severity: .high, confidence: .medium,
                              pattern: #"\bdemo://[^\s:@/]{1,64}:([^\s@/'"]{3,128})@[^\s/'"@]{1,253}"#)
    }

    func scan(_ text: String, path: String = "app.py") throws -> BlobScanResult {
        let scanner = try engine.makeScanner()
        return Array(text.utf8).withUnsafeBytes { scanner.scan($0, path: path) }
    }

    func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    @Test func percentEncodedAssignmentIsDecodedAndPointsAtTheEncodedText() throws {
        let password = "S3cr" + token.dropFirst(4).prefix(10)
        let text = "url = \"https://x.test/login?password%3D%22\(password)%22\"\n"
        let result = try scan(text)
        let found = try #require(result.candidates.first { $0.secret == password })
        #expect(found.decodedFrom == "percent")
        let start = text.utf8.count - "\(password)%22\"\n".utf8.count
        #expect(found.location.byteOffset == start)
        #expect(found.location.byteLength == password.utf8.count)
        #expect(found.location.column == start + 1)
    }

    @Test func aConnectionURIReportsItsPasswordDecoded() throws {
        let text = "DATABASE_URL=demo://app:pa%40ss%2Fw0rd-\(token.suffix(8))@db.internal:5432/app\n"
        let result = try scan(text)
        #expect(result.candidates.count == 1)
        let found = try #require(result.candidates.first)
        #expect(found.secret == "pa@ss/w0rd-\(token.suffix(8))")
        #expect(found.decodedFrom == "percent")
        #expect(found.location.column == "DATABASE_URL=demo://app:".count + 1)
        // The line shows the decoded secret in place, so reporters redact it like any other.
        #expect(found.lineText.contains(found.secret))
    }

    @Test func unicodeAndHexEscapesInStringsAreDecoded() throws {
        let json = "{\"config\": \"{\\u0022token\\u0022:\\u0022\(token)\\u0022}\"}\n"
        let found = try #require(try scan(json, path: "settings.json").candidates.first)
        #expect(found.secret == token)
        #expect(found.decodedFrom == "escape")
        let escaped = token.utf8.map { String(format: "\\x%02x", $0) }.joined()
        let js = "const t = \"\(escaped)\";\n"
        let fromHex = try #require(try scan(js, path: "app.js").candidates.first)
        #expect(fromHex.secret == token)
        #expect(fromHex.decodedFrom == "escape")
        #expect(fromHex.location.byteOffset == "const t = \"".utf8.count)
        #expect(fromHex.location.byteLength == escaped.utf8.count)
    }

    @Test func hexEncodedTextInConfigIsDecoded() throws {
        let yaml = "data:\n  blob: \(hex("token=\(token)\n"))\n"
        let found = try #require(try scan(yaml, path: "values.yaml").candidates.first)
        #expect(found.secret == token)
        #expect(found.decodedFrom == "hex")
        #expect(found.location.line == 2)
        #expect(found.location.byteLength == token.utf8.count * 2)
        // Source code's hex literals are digests and test vectors: not decoded there.
        #expect(try scan("let h = \"\(hex("token=\(token)\n"))\"\n", path: "main.swift").candidates.isEmpty)
    }

    @Test func plainEscapesAndDigestsAreLeftAlone() throws {
        // `\n` escapes, `%20` and hex digests hide nothing: no decoding, no findings.
        let text = "print(\"a\\nb\")\nurl = \"https://x.test/a%20b\"\nsha = \"\(hex(String(repeating: "\u{1}\u{2}\u{3}", count: 12)))\"\n"
        let scanner = try engine.makeScanner()
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { scanner.scan($0, path: "values.yaml") }
        #expect(result.candidates.isEmpty)
        bytes.withUnsafeBytes { data in
            #expect(Decoders.percentSpans(in: data).isEmpty)
            #expect(Decoders.escapeSpans(in: data).isEmpty)
            #expect(Decoders.hexTextSpans(in: data).isEmpty)
        }
    }

    @Test func longEncodedRunsAreBounded() throws {
        let long = String(repeating: "a%3D", count: 3000)
        let bytes = Array("x=\(long) \(String(repeating: "\\u0041", count: 2000))\n".utf8)
        bytes.withUnsafeBytes { data in
            #expect(Decoders.percentSpans(in: data).isEmpty)
            #expect(Decoders.escapeSpans(in: data).isEmpty)
        }
    }
}

@Suite struct GitLabRoutableChecksumTests {
    @Test func aGeneratedRoutableTokenHoldsAndATamperedOneDoesNot() {
        let token = Checksums.gitlabRoutableToken(prefix: "glpat-", randomBytes: Array(0..<16), routingPayload: "o:1z")
        #expect(token.hasPrefix("glpat-"))
        #expect(token.contains(".01."))
        #expect(Checksums.validate("gitlab-routable-crc32", token) == true)
        var tampered = Array(token)
        tampered[8] = tampered[8] == "A" ? "B" : "A"
        #expect(Checksums.validate("gitlab-routable-crc32", String(tampered)) == false)
        #expect(Checksums.validate("gitlab-routable-crc32", "glpat-" + String(repeating: "a", count: 31) + ".01.0v1234567") == false)
        #expect(Checksums.validate("gitlab-routable-crc32", "glpat-abcdefghijklmnopqrst") == false)
    }

    @Test func theTailIsLengthAndCRCInBase36() {
        let token = Checksums.gitlabRoutableToken(prefix: "glpat-", randomBytes: Array(repeating: 7, count: 16), routingPayload: "o:a")
        let tail = token.split(separator: ".").last!
        #expect(tail.count == 9)
        let payload = token.dropFirst("glpat-".count).split(separator: ".").first!
        #expect(Int(tail.prefix(2), radix: 36) == payload.count)
        let head = Array(token.utf8.dropLast(7))
        #expect(UInt32(tail.suffix(7), radix: 36) == Checksums.crc32(head))
    }

    @Test func confidenceFollowsTheChecksum() throws {
        let rule = Rule(id: "demo-routable", name: "Routable", severity: .critical, confidence: .high,
                        pattern: #"\b(glpat-[0-9A-Za-z_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9})\b"#,
                        checksum: "gitlab-routable-crc32")
        let engine = try Engine(rules: [rule])
        let good = Checksums.gitlabRoutableToken(prefix: "glpat-", randomBytes: Array(40..<56), routingPayload: "o:k")
        let bad = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
        #expect(try scan(engine, "T=\(good)\n").candidates.first?.confidence == .high)
        #expect(try scan(engine, "T=\(bad)\n").candidates.first?.confidence == .medium)
    }
}
