import Foundation
import StowawayCore
import Testing

/// Image inputs whose digests, blobs or tar streams do not hold what they claim (issue #9), run against the built
/// binary: digests that try to climb out of `blobs/`, layers that do not hash to their digest, data after a tar's
/// end, missing blobs. Each case checks the exact message (image, layer or manifest, digests), the exit code, and
/// that the rest of the image is still scanned.
@Suite(.serialized) struct HostileImageIntegrityTests {
    let token = SyntheticTokens.githubClassic(seed: 9)
    /// What a digest climbing out of `blobs/` would reach: it must never be read.
    let decoy = SyntheticTokens.githubClassic(seed: 77)

    func image(_ kind: String, in scratch: Scratch, suffix: String = "") throws -> String {
        let output = scratch.path + "/" + kind + suffix
        try HostileCLI.generateImage(kind, to: output, token: token, extra: ["--decoy-token", decoy])
        return output
    }

    func scan(_ path: String) throws -> HostileCLI.Result {
        let result = try HostileCLI.run(["image", path, "--format", "json"], timeLimit: 120)
        #expect(!result.hung && !result.signaled, "\(result.stderr)")
        return result
    }

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    /// The layout's one good manifest (named hostile:1) and its digest.
    func manifest(of layout: String) throws -> (digest: String, manifest: [String: Any]) {
        let index = try json(layout + "/index.json")
        let entry = try #require((index["manifests"] as? [[String: Any]])?.first)
        let digest = try #require(entry["digest"] as? String)
        return (digest, try json(layout + "/blobs/sha256/" + digest.dropFirst(7)))
    }

    func layerDigest(_ manifest: [String: Any], _ index: Int) throws -> String {
        try #require(((manifest["layers"] as? [[String: Any]])?[index])?["digest"] as? String)
    }

    func sha256(ofFile path: String) throws -> String {
        "sha256:" + sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    // MARK: digests

    @Test func digestsThatClimbOutOfBlobsAreRefusedAndTheRestIsScanned() throws {
        let scratch = try Scratch()
        let layout = try image("bad-digests", in: scratch)
        let result = try scan(layout)
        #expect(result.status == 2, "\(result.stderr)")
        let (manifestDigest, _) = try manifest(of: layout)
        let issues = try result.issues().filter { $0.kind == "error" }
        let decoyDigest = try sha256(ofFile: layout + "/decoy")
        let refused = [
            "climb:1: manifest digest `..:\(decoyDigest.dropFirst(7))` listed in index.json is invalid (the algorithm must be lowercase letters and digits joined by + . _ or -); not read",
            "path:1: manifest digest `sha256:../../decoy` listed in index.json is invalid (sha256 needs 64 lowercase hex digits); not read",
            "md5:1: manifest digest `md5:2d711642b726b04401627ca9fbac32f5` listed in index.json is invalid (unsupported algorithm md5 (sha256 and sha512 only)); not read",
            "short:1: manifest digest `sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a488` listed in index.json is invalid (sha256 needs 64 lowercase hex digits); not read",
            "upper:1: manifest digest `sha256:2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881` listed in index.json is invalid (sha256 needs 64 lowercase hex digits); not read",
            "hostile:1: layer 1 digest `sha256:../../../decoy` in manifest \(manifestDigest) is invalid (sha256 needs 64 lowercase hex digits); layer not read",
        ]
        #expect(issues.map(\.message).sorted() == refused.sorted(), "\(issues)")
        #expect(issues.allSatisfy { $0.input == layout })
        // The good layers of the good image are still scanned; nothing the bad digests point at is read.
        #expect(Set(try result.findingPaths()) == ["etc/app.conf", "srv/late.conf"], "\(result.stdout)")
        // The refused layer is a gap, not a shift: layer 2 keeps its number and build step, and its whiteout deletes.
        let occurrences = (try result.json()["findings"] as? [[String: Any]] ?? []).flatMap { $0["occurrences"] as? [[String: Any]] ?? [] }
        let early = try #require(occurrences.first { $0["path"] as? String == "etc/app.conf" })
        let late = try #require(occurrences.first { $0["path"] as? String == "srv/late.conf" })
        #expect(early["layer_index"] as? Int == 0)
        #expect(early["deleted_in_layer"] as? Int == 2, "\(early)")
        #expect(late["layer_index"] as? Int == 2)
        #expect(late["created_by"] as? String == "ADD late /", "\(late)")
        // The refused layer leaves a gap, not a shift: the manifest lists 3 layers, the config 3 diff ids, no mismatch.
        let others = try result.issues().filter { $0.kind != "error" }
        #expect(others.isEmpty, "\(others)")
    }

    // MARK: layer digests

    @Test func aTamperedLayerIsAnErrorNamingBothDigestsAndItsSecretIsStillReported() throws {
        let scratch = try Scratch()
        let layout = try image("tampered-layer", in: scratch)
        let result = try scan(layout)
        #expect(result.status == 2, "\(result.stderr)")
        let (_, manifest) = try manifest(of: layout)
        let declared = try layerDigest(manifest, 1)
        let blob = "blobs/sha256/" + declared.dropFirst(7)
        let found = try sha256(ofFile: layout + "/" + blob)
        #expect(declared == "sha256:" + sha256Hex(Array("the layer as it was built".utf8)))
        let issues = try result.issues()
        #expect(issues.map(\.kind) == ["error"], "\(issues)")
        #expect(issues.first?.input == "hostile:1 layer 1 (\(blob))")
        #expect(issues.first?.message == "layer blob does not match its digest: \(declared) expected, \(found) found (tampered or corrupt; its files were scanned all the same)")
        #expect(Set(try result.findingPaths()) == ["etc/app.conf", "srv/tampered.conf"], "the tampered layer's secret is reported")
    }

    @Test func aManifestThatDoesNotMatchItsDigestIsAnErrorNamingBothDigests() throws {
        let scratch = try Scratch()
        let layout = try image("wrong-digest", in: scratch)
        let result = try scan(layout)
        #expect(result.status == 2, "\(result.stderr)")
        let (digest, _) = try manifest(of: layout)
        let blob = "blobs/sha256/" + digest.dropFirst(7)
        let found = try sha256(ofFile: layout + "/" + blob)
        #expect(try result.issues().map(\.kind) == ["error"])
        #expect(try result.issues().first?.message
            == "hostile:1: \(blob) does not match its digest: \(digest) expected, \(found) found (content used anyway)")
        #expect(Set(try result.findingPaths()) == ["etc/app.conf"], "the manifest's content is still used")
    }

    @Test func aClassicDockerSaveLayerThatDoesNotMatchItsDiffIDIsAnError() throws {
        let scratch = try Scratch()
        let archive = try image("docker-save-tampered", in: scratch, suffix: ".tar")
        let result = try scan(archive)
        #expect(result.status == 2, "\(result.stderr)")
        let issues = try result.issues()
        let layer = String(repeating: "0", count: 63) + "2/layer.tar"
        #expect(issues.map(\.kind) == ["error"], "\(issues)")
        #expect(issues.first?.input == "saved:1 layer 1 (\(layer))")
        let expected = "sha256:" + sha256Hex(Array("original".utf8))
        #expect(issues.first?.message.hasPrefix("uncompressed layer (its diff id) does not match its digest: \(expected) expected, sha256:") == true,
                "\(issues)")
        #expect(Set(try result.findingPaths()) == ["etc/app.conf", "srv/second.conf"])
    }

    // MARK: data after a tar's end

    struct TrailingCase: CustomTestStringConvertible, Sendable {
        var kind: String
        var message: String
        var testDescription: String { kind }
    }

    static let trailingCases = [
        TrailingCase(kind: "garbage-after-tar",
                     message: "12288 bytes after the end of the layer's tar archive, not all zero padding, were ignored (not scanned)"),
        TrailingCase(kind: "garbage-after-gzip-tar",
                     message: "12288 bytes after the end of the layer's tar archive, not all zero padding, were ignored (not scanned)"),
        TrailingCase(kind: "garbage-after-gzip-stream",
                     message: "4096 bytes after the end of the layer's compressed stream were ignored (not scanned)"),
    ]

    @Test(arguments: trailingCases) func dataAfterTheEndOfALayerIsAWarningNamingTheLayer(_ trailing: TrailingCase) throws {
        let scratch = try Scratch()
        let layout = try image(trailing.kind, in: scratch)
        let result = try scan(layout)
        #expect(result.status == 1, "a warning, findings: \(result.stderr)")
        let (_, manifest) = try manifest(of: layout)
        let blob = "blobs/sha256/" + (try layerDigest(manifest, 1)).dropFirst(7)
        let issues = try result.issues()
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first.map { [$0.kind, $0.input, $0.message] } == ["warning", "hostile:1 layer 1 (\(blob))", trailing.message])
        let expected: Set<String> = trailing.kind == "garbage-after-tar" ? ["etc/app.conf"] : ["etc/app.conf", "srv/ok.conf"]
        #expect(Set(try result.findingPaths()) == expected, "the valid part of the layer is scanned")
    }

    @Test func dataAfterADockerSaveArchiveAndAfterOneOfItsLayersAreWarnings() throws {
        let scratch = try Scratch()
        let archive = try image("docker-save-garbage", in: scratch, suffix: ".tar")
        let result = try scan(archive)
        #expect(result.status == 1, "\(result.stderr)")
        let issues = try result.issues().map { [$0.kind, $0.input, $0.message] }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)
        #expect(issues.count == 2, "\(issues)")
        #expect(issues.contains(["warning", "saved:1 layer 1 (\(String(repeating: "0", count: 63))2/layer.tar)",
                                 "12288 bytes after the end of the layer's tar archive, not all zero padding, were ignored (not scanned)"]))
        // What follows the outer tar's end-of-archive marker: its zero padding and the 3000 random bytes.
        let dataEnd = try HostileCLI.shell(["python3", "-c", "import sys, tarfile; t = tarfile.open(sys.argv[1]); t.getmembers(); print(t.offset)", archive])
        let trailing = size - (try #require(Int(dataEnd.trimmingCharacters(in: .whitespacesAndNewlines))) + 1024)
        #expect(trailing >= 3000)
        #expect(issues.contains(["warning", archive, "\(trailing) bytes after the end of the tar archive were ignored"]), "\(issues)")
        #expect(Set(try result.findingPaths()) == ["etc/app.conf", "srv/second.conf"])
    }

    // MARK: missing blobs

    @Test func aMissingManifestIsNamedWithItsDigestAndWhatListedIt() throws {
        let scratch = try Scratch()
        let layout = try image("missing-manifest", in: scratch)
        let result = try scan(layout)
        #expect(result.status == 2, "\(result.stderr)")
        let absent = sha256Hex(Array("absent manifest".utf8))
        #expect(try result.issues().map { [$0.kind, $0.input, $0.message] } == [[
            "error", layout,
            "absent:1: manifest sha256:\(absent) listed in index.json is missing: no blobs/sha256/\(absent) in the image directory",
        ]])
        #expect(Set(try result.findingPaths()) == ["etc/app.conf"])
    }

    @Test func aMissingConfigIsNamedWithItsDigestAndTheManifestThatListedIt() throws {
        let scratch = try Scratch()
        let layout = try image("missing-config", in: scratch)
        let result = try scan(layout)
        #expect(result.status == 2, "\(result.stderr)")
        let (manifestDigest, manifest) = try manifest(of: layout)
        let config = try #require((manifest["config"] as? [String: Any])?["digest"] as? String)
        #expect(try result.issues().map { [$0.kind, $0.input, $0.message] } == [[
            "error", layout,
            "hostile:1: config \(config) (listed in manifest \(manifestDigest)) is missing: no blobs/sha256/\(config.dropFirst(7)) in the image directory",
        ]])
        #expect(Set(try result.findingPaths()) == ["etc/app.conf"], "the layers are still scanned")
    }

    @Test func aMissingLayerBlobIsNamedWithItsDigestAndTheManifestThatListedIt() throws {
        let scratch = try Scratch()
        let layout = try image("missing-blob", in: scratch)
        let result = try scan(layout)
        #expect(result.status == 2, "\(result.stderr)")
        let (manifestDigest, manifest) = try manifest(of: layout)
        let layer = try layerDigest(manifest, 1)
        let blob = "blobs/sha256/" + layer.dropFirst(7)
        #expect(try result.issues().map { [$0.kind, $0.input, $0.message] } == [[
            "error", "hostile:1 layer 1 (\(blob))",
            "layer blob \(layer) listed in manifest \(manifestDigest) is missing: no \(blob) in the image directory",
        ]])
        #expect(Set(try result.findingPaths()) == ["etc/app.conf"])
    }
}
