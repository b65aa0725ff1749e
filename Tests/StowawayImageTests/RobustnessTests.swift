import Foundation
import StowawayCore
import StowawayImage
import Testing

/// Broken and hostile inputs: each gives a clear issue naming the image and entry, and the rest is still scanned.
@Suite struct RobustnessTests {
    let early = Secrets.token(30)
    let late = Secrets.token(31)

    /// Two layers: a small one first, then a large one (so a cut lands inside it).
    func twoLayerImage(lateCompression: Compression = .none) -> FixtureImage {
        let filler = String(repeating: "lorem ipsum dolor sit amet\n", count: 4000)
        return FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("etc/early.conf", "k=\(early)\n")]), createdBy: "ADD early /"),
            .layer(FixtureLayer([.file("srv/a-filler.txt", filler), .file("srv/late.conf", "k=\(late)\n")],
                                compression: lateCompression), createdBy: "ADD late /"),
        ])
    }

    @Test func truncatedArchiveReportsAndScansWhatIsThere() throws {
        var archive = FixtureArchive([twoLayerImage()], layout: .ociArchive)
        // Write the large layer last and cut the archive in the middle of it.
        let large = archive.layerPaths[0][1]
        archive.leadingPaths += archive.files.keys.filter { $0 != large && !archive.leadingPaths.contains($0) }.sorted()
        let tar = archive.tar
        let directory = try TemporaryDirectory()
        let path = directory.file("cut.tar")
        try Data(tar.prefix(tar.count - 1024 - archive.files[large]!.count / 2)).write(to: URL(fileURLWithPath: path))
        let report = scanImages([.path(path)])
        #expect(report.isIncomplete)
        #expect(report.issues.contains { $0.isError && $0.message.contains("truncated") && $0.input.contains("app:1 layer 1") },
                "\(report.issues)")
        #expect(report.occurrences(of: early).count == 1, "the intact layer is still scanned")
    }

    @Test func truncatedLayerBlobNamesImageAndLayer() throws {
        let image = twoLayerImage(lateCompression: .gzip)
        var archive = FixtureArchive([image], layout: .ociDirectory)
        let latePath = archive.layerPaths[0][1]
        archive.files[latePath] = Array(archive.files[latePath]!.prefix(archive.files[latePath]!.count / 2))
        let directory = try TemporaryDirectory()
        let path = try archive.write(to: directory.file("layout"), layout: .ociDirectory)
        let report = scanImages([.path(path)])
        #expect(report.isIncomplete)
        let issue = try #require(report.issues.first { $0.isError && $0.input.contains("app:1 layer 1") }, "\(report.issues)")
        #expect(issue.input.contains(latePath))
        #expect(!report.occurrences(of: early).isEmpty)
    }

    @Test func garbageAfterTheArchiveIsIgnoredWithAWarning() throws {
        let image = twoLayerImage()
        let archive = FixtureArchive([image], layout: .dockerSave)
        let garbage = Array(Secrets.random(3000, alphabet: "xyz!", seed: 5).utf8)
        let directory = try TemporaryDirectory()
        let path = directory.file("garbage.tar")
        try Data(archive.tar + garbage).write(to: URL(fileURLWithPath: path))
        let report = scanImages([.path(path)])
        #expect(!report.isIncomplete, "\(report.issues)")
        #expect(!report.issues(containing: "after the end of the tar archive").isEmpty)
        #expect(report.occurrences(of: early).count == 1)
        #expect(report.occurrences(of: late).count == 1)
    }

    @Test func decompressionBombIsStoppedAndTheRestScanned() throws {
        let afterBomb = Secrets.token(32)
        let zeros = [UInt8](repeating: 0, count: 48 << 20)
        let bombLayer = FixtureLayer([.file("a/bomb.bin", bytes: zeros), .file("z/after.txt", "k=\(afterBomb)\n")],
                                     compression: .gzip)
        let image = FixtureImage(name: "bomb:1", steps: [
            .layer(FixtureLayer([.file("etc/early.conf", "k=\(early)\n")]), createdBy: "ADD early /"),
            .layer(bombLayer, createdBy: "ADD bomb /"),
        ])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image], layout: .ociArchive, in: directory) {
            $0.limits.maxDecompressedSize = 8 << 20
        }
        let warning = try #require(report.issues(containing: "--max-decompressed-size").first, "\(report.issues)")
        #expect(warning.kind == .error, "what follows the bomb in that layer is not scanned: the scan is incomplete")
        #expect(warning.input.hasPrefix("bomb:1 layer 1"))
        #expect(warning.message.contains("a/bomb.bin"))
        #expect(report.occurrences(of: early).count == 1, "other layers are still scanned")
        #expect(report.occurrences(of: afterBomb).isEmpty, "nothing past the cap is decompressed")
    }

    @Test func totalDecompressedSizeIsCappedPerInput() throws {
        let text = String(repeating: "harmless line of text\n", count: 300_000)
        let image = FixtureImage(name: "big:1", steps: [
            .layer(FixtureLayer([.file("one.txt", text)], compression: .gzip), createdBy: "ADD one /"),
            .layer(FixtureLayer([.file("two.txt", text)], compression: .zstd), createdBy: "ADD two /"),
        ])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image], layout: .ociDirectory, in: directory) {
            $0.limits.maxTotalDecompressedSize = 10 << 20
            $0.threads = 1
        }
        // Each layer is ~6.6 MB decompressed: under the per-stream cap, but together over the input's total.
        let warning = try #require(report.issues(containing: "decompressed total").first, "\(report.issues)")
        #expect(warning.input.hasPrefix("big:1 layer"))
        #expect(warning.kind == .error && report.isIncomplete)
    }

    @Test func missingBlobIsAnErrorAndTheRestIsScanned() throws {
        let image = twoLayerImage()
        var archive = FixtureArchive([image], layout: .ociDirectory)
        let missing = archive.layerPaths[0][1]
        archive.files[missing] = nil
        let directory = try TemporaryDirectory()
        let path = try archive.write(to: directory.file("layout"), layout: .ociDirectory)
        let report = scanImages([.path(path)])
        #expect(report.isIncomplete)
        let issue = try #require(report.issues(containing: "missing").first)
        #expect(issue.input.contains("app:1 layer 1"))
        #expect(report.occurrences(of: early).count == 1)
    }

    @Test func aForeignLayerLeftOutOfTheArchiveIsOnlyANote() throws {
        var foreign = FixtureLayer([.file("Windows/base.txt", "x\n")], compression: .gzip)
        foreign.mediaTypeOverride = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
        let image = FixtureImage(name: "win:1", steps: [
            .layer(foreign, createdBy: "Apply image 10.0"),
            .layer(FixtureLayer([.file("app/early.conf", "k=\(early)\n")]), createdBy: "COPY early.conf /app/"),
        ])
        var archive = FixtureArchive([image], layout: .ociDirectory)
        archive.files[archive.layerPaths[0][0]] = nil
        let directory = try TemporaryDirectory()
        let path = try archive.write(to: directory.file("layout"), layout: .ociDirectory)
        let report = scanImages([.path(path)])
        #expect(!report.isIncomplete, "\(report.issues)")
        #expect(report.issues(containing: "foreign layer").first?.kind == .note)
        #expect(report.occurrences(of: early).first?.provenance.layerIndex == 1)
    }

    @Test func wrongDigestIsAnErrorButTheContentIsStillScanned() throws {
        let envSecret = Secrets.token(33)
        var image = twoLayerImage()
        image.env.append("TOKEN=\(envSecret)")
        var archive = FixtureArchive([image], layout: .ociArchive)
        let configPath = archive.configPaths[0]
        archive.files[configPath] = Array(String(decoding: archive.files[configPath]!, as: UTF8.self)
            .replacingOccurrences(of: "ADD late /", with: "ADD LATE /").utf8)
        let directory = try TemporaryDirectory()
        let path = try archive.write(to: directory.file("image.tar"), layout: .ociArchive)
        let report = scanImages([.path(path)])
        #expect(report.isIncomplete)
        let issue = try #require(report.issues(containing: "does not match its digest").first, "\(report.issues)")
        #expect(issue.message.contains("app:1"))
        #expect(issue.message.contains(configPath))
        #expect(report.occurrences(of: envSecret).first?.provenance.configField == "config.Env[1]")
        #expect(report.occurrences(of: late).first?.provenance.createdBy == "ADD LATE /")
    }

    @Test func unknownCompressionIsAnErrorNamingTheLayer() throws {
        var garbled = FixtureLayer([])
        garbled.blobOverride = Array(Secrets.random(4096, alphabet: "qwertyuiop", seed: 9).utf8)
        let image = FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("etc/early.conf", "k=\(early)\n")]), createdBy: "ADD early /"),
            .layer(garbled, createdBy: "ADD mystery /"),
        ])
        let directory = try TemporaryDirectory()
        let (report, archive) = try scanFixture([image], layout: .ociArchive, in: directory)
        #expect(report.isIncomplete)
        let issue = try #require(report.issues(containing: "unknown compression").first, "\(report.issues)")
        #expect(issue.input == "app:1 layer 1 (\(archive.layerPaths[0][1]))")
        #expect(report.occurrences(of: early).count == 1)
    }

    @Test func unknownMediaTypeIsAnErrorNamingTheLayer() throws {
        var odd = FixtureLayer([.file("x.txt", "x\n")])
        odd.mediaTypeOverride = "application/vnd.example.unknown"
        let image = FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("etc/early.conf", "k=\(early)\n")]), createdBy: "ADD early /"),
            .layer(odd, createdBy: "ADD odd /"),
        ])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image], layout: .ociDirectory, in: directory)
        #expect(report.isIncomplete)
        let issue = try #require(report.issues(containing: "application/vnd.example.unknown").first)
        #expect(issue.input.hasPrefix("app:1 layer 1"))
        #expect(report.occurrences(of: early).count == 1)
    }

    @Test func absoluteAndClimbingEntryNamesAreScannedAndNamedAsStored() throws {
        let climbing = Secrets.token(34)
        let absolute = Secrets.token(35)
        let image = FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("../../etc/climb.conf", "k=\(climbing)\n"), .file("/abs/secret.txt", "k=\(absolute)\n")]),
                   createdBy: "ADD odd /"),
            .layer(FixtureLayer([.file("etc/.wh.climb.conf", "")]), createdBy: "RUN rm /etc/climb.conf"),
        ])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image], layout: .dockerSave, in: directory)
        #expect(!report.isIncomplete, "\(report.issues)")
        let climb = try #require(report.occurrences(of: climbing).first)
        #expect(climb.provenance.path == "../../etc/climb.conf")
        #expect(climb.provenance.deletedInLayer == 1, "`..` resolves at the root, as a runtime would extract it")
        #expect(report.occurrences(of: absolute).first?.provenance.path == "/abs/secret.txt")
        #expect(!report.issues(containing: "`../../etc/climb.conf` is absolute or climbs out").isEmpty)
        #expect(!report.issues(containing: "`/abs/secret.txt` is absolute or climbs out").isEmpty)
    }

    @Test func notAnImageIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("plain.tar")
        try Data(TarWriter.archive([.file("hello.txt", "hi\n")])).write(to: URL(fileURLWithPath: path))
        let report = scanImages([.path(path), .path(directory.file("absent.tar"))])
        #expect(!report.issues(containing: "neither manifest.json nor index.json").isEmpty)
        #expect(report.issues.contains { $0.input.hasSuffix("absent.tar") && $0.isError })
    }
}
