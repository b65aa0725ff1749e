import Foundation
import StowawayCore
import StowawayImage
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct StandardInputTests {
    /// Feeds `bytes` through a pipe, as `docker save app:1 | stowaway image -` would.
    func scanPiped(_ bytes: [UInt8]) -> ScanReport {
        let pipe = Pipe()
        let writer = pipe.fileHandleForWriting
        DispatchQueue.global().async {
            writer.write(Data(bytes))
            try? writer.close()
        }
        let report = scanImages([.standardInput(descriptor: pipe.fileHandleForReading.fileDescriptor)])
        try? pipe.fileHandleForReading.close()
        return report
    }

    @Test(arguments: [Compression.none, .gzip, .zstd])
    func aTarOnStandardInputIsScannedLikeAFile(outer: Compression) throws {
        let story = StoryImage(compressions: [.none, .gzip, .none])
        let archive = FixtureArchive([story.image], layout: .dockerSave)
        let report = scanPiped(Compressor.compress(archive.tar, outer))
        try story.verify(report)
        #expect(report.occurrences(of: story.present).first?.provenance.image == "app:1")
    }

    @Test func theSpoolFileNeverHasAName() throws {
        let story = StoryImage()
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        func spools() -> Set<String> {
            Set(((try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []).filter { $0.hasPrefix("stowaway-image-") && $0.count == "stowaway-image-XXXXXX".count })
        }
        let before = spools()
        _ = scanPiped(FixtureArchive([story.image], layout: .dockerOCI).tar)
        #expect(spools().subtracting(before).isEmpty)
    }

    @Test func aNamedPipeIsReadOnceLikeStandardInput() throws {
        let story = StoryImage(compressions: [.gzip, .none, .zstd])
        let directory = try TemporaryDirectory()
        let path = directory.file("image.fifo")
        #expect(mkfifo(path, 0o600) == 0)
        let bytes = FixtureArchive([story.image], layout: .ociArchive).tar
        DispatchQueue.global().async {
            guard let writer = FileHandle(forWritingAtPath: path) else { return }
            writer.write(Data(bytes))
            try? writer.close()
        }
        try story.verify(scanImages([.path(path)]))
    }

    @Test func emptyInputIsAClearError() {
        let report = scanPiped([])
        #expect(report.isIncomplete)
        #expect(!report.issues(containing: "(stdin)").isEmpty)
    }
}
