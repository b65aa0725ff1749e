import Foundation
import StowawayCore
import StowawayImage
import Testing

@Suite struct NestedArchiveTests {
    let deep = Secrets.token(40)
    let inJar = Secrets.token(41)

    /// app/bundle.tar.gz → config/inner.zip → secret.txt, and app/lib.jar → BOOT-INF/application.yml.
    func image() -> FixtureImage {
        let zip = Compressor.zip([(name: "secret.txt", data: Array("k=\(deep)\n".utf8))])
        let bundle = Compressor.compress(TarWriter.archive([.file("config/inner.zip", bytes: zip)]), .gzip)
        let jar = Compressor.zip([(name: "META-INF/MANIFEST.MF", data: Array("Manifest-Version: 1.0\n".utf8)),
                                  (name: "BOOT-INF/application.yml", data: Array("token: \(inJar)\n".utf8))])
        return FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("app/bundle.tar.gz", bytes: bundle), .file("app/lib.jar", bytes: jar)], compression: .zstd),
                   createdBy: "COPY app /app"),
            .layer(FixtureLayer([.file("app/.wh.lib.jar", "")]), createdBy: "RUN rm /app/lib.jar"),
        ])
    }

    @Test func archivesInsideLayersAreOpened() throws {
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image()], layout: .ociArchive, in: directory)
        #expect(report.issues.filter(\.isError).isEmpty, "\(report.issues)")
        let nested = try #require(report.occurrences(of: deep).first)
        #expect(nested.provenance.path == "app/bundle.tar.gz!/config/inner.zip!/secret.txt")
        #expect(nested.provenance.layerIndex == 0)
        #expect(nested.provenance.deletedInLayer == nil)
        let jar = try #require(report.occurrences(of: inJar).first)
        #expect(jar.provenance.path == "app/lib.jar!/BOOT-INF/application.yml")
        #expect(jar.provenance.deletedInLayer == 1, "the status is the status of the layer entry holding the archive")
    }

    @Test func depthLimitStopsOpeningWithANote() throws {
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image()], layout: .ociArchive, in: directory) { $0.limits.maxArchiveDepth = 1 }
        #expect(report.occurrences(of: deep).isEmpty)
        #expect(report.occurrences(of: inJar).count == 1)
        let note = try #require(report.issues(containing: "--max-archive-depth 1").first)
        #expect(note.kind == .note)
        #expect(note.message.contains("app/bundle.tar.gz!/config/inner.zip"))
    }

    @Test func largeFilesAndLargeNestedArchivesAreStreamed() throws {
        let tail = Secrets.token(42)
        let nestedTail = Secrets.token(43)
        let filler = String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n", count: 8192)
        let bigText = filler + "k=\(tail)\n"
        let bigArchive = Compressor.compress(TarWriter.archive([.file("deep/big.txt", filler + "k=\(nestedTail)\n")]), .gzip)
        let image = FixtureImage(name: "big:1", steps: [
            .layer(FixtureLayer([.file("srv/big.txt", bigText), .file("srv/data.tar.gz", bytes: bigArchive)], compression: .gzip),
                   createdBy: "ADD big /"),
        ])
        let directory = try TemporaryDirectory()
        // 512 KiB text and a ~1 MiB nested archive with a 64 KiB whole-file limit: both go through chunked reading.
        let (report, _) = try scanFixture([image], layout: .ociDirectory, in: directory) { $0.limits.wholeFileLimit = 64 << 10 }
        #expect(report.issues.filter(\.isError).isEmpty, "\(report.issues)")
        let found = try #require(report.occurrences(of: tail).first)
        #expect(found.provenance.path == "srv/big.txt")
        #expect(found.location.line == 8193)
        #expect(report.occurrences(of: nestedTail).first?.provenance.path == "srv/data.tar.gz!/deep/big.txt")
    }

    @Test func binaryFilesAreSkippedAndCounted() throws {
        let hidden = Secrets.token(44)
        let binary = [UInt8]([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0]) + Array("k=\(hidden)\n".utf8)
        let image = FixtureImage(name: "bin:1", steps: [
            .layer(FixtureLayer([.file("usr/bin/tool", bytes: binary)]), createdBy: "ADD tool /"),
        ])
        let directory = try TemporaryDirectory()
        let (skipped, _) = try scanFixture([image], layout: .dockerSave, in: directory)
        #expect(skipped.occurrences(of: hidden).isEmpty)
        #expect(skipped.summary.binaryFilesSkipped == 1)
        let other = try TemporaryDirectory()
        let (scanned, _) = try scanFixture([image], layout: .dockerSave, in: other) { $0.scanBinary = true }
        #expect(scanned.occurrences(of: hidden).count == 1)
    }

    @Test func aLargeBinaryIsSkippedWithoutReadingItAndTheNextFileIsScanned() throws {
        let after = Secrets.token(45)
        let blob = [UInt8]([0x7F, 0x45, 0x4C, 0x46, 0]) + [UInt8](repeating: 0x41, count: 300_000)
        for compression in [Compression.none, .gzip] {
            let image = FixtureImage(name: "bin:1", steps: [
                .layer(FixtureLayer([.file("a/model.bin", bytes: blob), .file("b/after.env", "K=\(after)\n")],
                                    compression: compression), createdBy: "ADD model /"),
            ])
            let directory = try TemporaryDirectory()
            let (report, _) = try scanFixture([image], layout: .ociArchive, in: directory) { $0.limits.wholeFileLimit = 64 << 10 }
            #expect(report.summary.binaryFilesSkipped == 1)
            #expect(report.occurrences(of: after).first?.provenance.path == "b/after.env")
        }
    }
}
