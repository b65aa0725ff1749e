/// Credentials that vendors and standards publish in their documentation and test vectors. They are everywhere in
/// docs, tutorials and tests, never grant access, and reporting them would bury real leaks. They are written split
/// so that this file itself holds no token-shaped string.
public enum DocumentationExamples {
    static let known: [String] = [
        "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc",                                  // Stripe API docs
        "pk_" + "test_" + "TYooMQauvdEDq54NiTphI7jx",                                  // Stripe API docs
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",  // jwt.io
        "GEZDGNBVGY3TQOJQ" + "GEZDGNBVGY3TQOJQ",                                       // RFC 6238 TOTP test secret
        "AKIAIOSFODNN7" + "EXAMPLE",                                                    // AWS docs access key id
        "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY",                                // AWS docs secret key
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/" + "KBHBeksoGMGw==",  // Azurite
        "ghp_16C7e42F292c6912E7710c8" + "38347Ae178B4a",                                // GitHub docs
        "xoxb-" + "17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",                  // Slack docs
        "SG." + "ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr",  // SendGrid docs
        "AC" + "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4",                                     // Twilio docs placeholder SID
    ]

    private static let knownBytes: [[UInt8]] = known.map { Array($0.utf8) }

    /// True when the secret is, or carries, a published example.
    public static func isKnownExample(_ secret: String) -> Bool { isKnownExample(bytes: Array(secret.utf8)) }

    public static func isKnownExample(bytes secret: [UInt8]) -> Bool {
        guard secret.count >= 16 else { return false }
        return secret.withUnsafeBufferPointer { text in knownBytes.contains { ByteSearch.contains(text, $0) } }
    }
}
