import Foundation
import StowawayCore
import Testing

/// Composite findings and decoded secrets through the built binary: one finding for a key pair, an allow comment on
/// either part, a percent-encoded password reported decoded at its encoded place.
@Suite struct CompositeAndDecodedScanTests {
    /// Synthetic AWS-shaped values (never real: a fixed seed, base32 key id, base64 secret).
    static func awsPair(seed: UInt64) -> (id: String, secret: String) {
        var state = seed
        func draw(_ alphabet: String, _ count: Int) -> String {
            let characters = Array(alphabet)
            return String((0..<count).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return characters[Int((state >> 33) % UInt64(characters.count))]
            })
        }
        return ("AKIA" + draw("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                draw("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", 40))
    }

    func findings(_ output: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require(object["findings"] as? [[String: Any]])
    }

    @Test func aKeyPairIsOneCriticalFindingCarryingBothParts() throws {
        let pair = Self.awsPair(seed: 7)
        let tree = try Scratch()
        try tree.write(".aws/credentials", "[default]\naws_access_key_id = \(pair.id)\naws_secret_access_key = \(pair.secret)\n")
        let result = try CLI.run(["scan", tree.path, "--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.stdout.contains(pair.id) && !result.stdout.contains(pair.secret))
        let found = try findings(result.stdout)
        #expect(found.map { $0["rule_id"] as? String } == ["aws-access-key-pair"])
        #expect(found.first?["severity"] as? String == "critical")
        let occurrence = try #require((found.first?["occurrences"] as? [[String: Any]])?.first)
        #expect(occurrence["line"] as? Int == 2)
        #expect((occurrence["related"] as? [[String: Any]])?.first?["line"] as? Int == 3)
        let shown = try CLI.run(["scan", tree.path, "--format", "json", "--show-secrets"])
        #expect(try findings(shown.stdout).first?["secret"] as? String == "\(pair.id) + \(pair.secret)")
    }

    @Test func anAllowCommentOnEitherPartAllowsThePair() throws {
        let pair = Self.awsPair(seed: 8)
        let tree = try Scratch()
        try tree.write("test.env", "AWS_ACCESS_KEY_ID=\(pair.id)\nAWS_SECRET_ACCESS_KEY=\(pair.secret) # stowaway:allow\n")
        let result = try CLI.run(["scan", tree.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try findings(result.stdout).isEmpty)
    }

    @Test func aPercentEncodedPasswordIsReportedDecodedAndRedacted() throws {
        let tree = try Scratch()
        let password = "Qm7vT2x@Lp9wZr4!Kd"
        let encoded = password.replacing("@", with: "%40").replacing("!", with: "%21")
        try tree.write("deploy/app.env", "APP_ENV=production\nDATABASE_URL=postgresql://app:\(encoded)@db.internal:5432/orders\n")
        let result = try CLI.run(["scan", tree.path, "--format", "jsonl", "--show-secrets"])
        #expect(result.status == 1, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["rule_id"] as? String == "postgres-uri-password")
        #expect(object["secret"] as? String == password)
        #expect(object["decoded_from"] as? String == "percent")
        #expect(object["line"] as? Int == 2)
        #expect(object["column"] as? Int == "DATABASE_URL=postgresql://app:".count + 1)
        let redacted = try CLI.run(["scan", tree.path, "--format", "text"])
        #expect(!redacted.stdout.contains(encoded) && !redacted.stdout.contains(password))
        #expect(!redacted.stdout.contains("Lp9wZr4"))
    }
}
