@testable import StowawayImage
import Testing

/// Digests are parsed strictly (OCI image spec): blob paths are built from them, so nothing else may get through.
struct DigestTests {
    static let hex64 = String(repeating: "0123456789abcdef", count: 4)

    @Test(arguments: [
        ("sha256:" + hex64, "blobs/sha256/" + hex64),
        ("sha512:" + hex64 + hex64, "blobs/sha512/" + hex64 + hex64),
    ])
    func wellFormedDigestsMakeBlobPaths(_ text: String, _ path: String) throws {
        let digest = try #require(Digest(text))
        #expect(digest.blobPath == path)
        #expect(digest.text == text)
    }

    @Test(arguments: [
        ("..:" + hex64, Digest.Problem.malformedAlgorithm),
        ("sha256:../../etc/passwd", .malformedHex(algorithm: "sha256", length: 64)),
        ("sha256:" + hex64 + "/..", .malformedHex(algorithm: "sha256", length: 64)),
        ("sha256:" + hex64.uppercased(), .malformedHex(algorithm: "sha256", length: 64)),
        ("sha256:" + hex64.dropLast(), .malformedHex(algorithm: "sha256", length: 64)),
        ("sha512:" + hex64, .malformedHex(algorithm: "sha512", length: 128)),
        ("SHA256:" + hex64, .malformedAlgorithm),
        ("sha256+:" + hex64, .malformedAlgorithm),
        ("+sha256:" + hex64, .malformedAlgorithm),
        ("sha..256:" + hex64, .malformedAlgorithm),
        ("sha/256:" + hex64, .malformedAlgorithm),
        ("md5:" + hex64.prefix(32), .unsupportedAlgorithm("md5")),
        ("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", .unsupportedAlgorithm("multihash+base58")),
        (hex64, .notAlgorithmColonHex),
        ("sha256:", .notAlgorithmColonHex),
        (":" + hex64, .notAlgorithmColonHex),
    ])
    func everythingElseIsRefusedWithTheReason(_ text: String, _ problem: Digest.Problem) {
        guard case .failure(let refused) = Digest.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(refused == problem)
    }

    @Test func digestsFromBlobPaths() {
        #expect(Digest(path: "blobs/sha256/" + Self.hex64)?.text == "sha256:" + Self.hex64)
        #expect(Digest(path: Self.hex64 + ".json")?.text == "sha256:" + Self.hex64)
        #expect(Digest(path: "blobs/../" + Self.hex64) == nil)
        #expect(Digest(path: "0123/layer.tar") == nil)
    }
}
