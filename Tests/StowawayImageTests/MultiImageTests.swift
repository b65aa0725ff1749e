import Foundation
import StowawayCore
import StowawayImage
import Testing

@Suite struct MultiImageTests {
    let baseSecret = Secrets.token(20)
    let appSecret = Secrets.token(21)
    let toolSecret = Secrets.token(22)

    var base: FixtureLayer { FixtureLayer([.file("etc/base.conf", "key \(baseSecret)\n")]) }

    func images() -> [FixtureImage] {
        [
            FixtureImage(name: "app:1", steps: [
                .layer(base, createdBy: "ADD base.tar /"),
                .layer(FixtureLayer([.file("app/app.env", "T=\(appSecret)\n")], compression: .gzip), createdBy: "COPY app.env /app/"),
            ]),
            FixtureImage(name: "tool:2", steps: [
                .layer(base, createdBy: "ADD base.tar /"),
                .empty(createdBy: "WORKDIR /tool"),
                .layer(FixtureLayer([.file("tool/tool.env", "T=\(toolSecret)\n")], compression: .zstd), createdBy: "COPY tool.env /tool/"),
                .layer(FixtureLayer([.file("etc/.wh.base.conf", "")]), createdBy: "RUN rm /etc/base.conf"),
            ]),
        ]
    }

    @Test(arguments: [FixtureLayout.dockerSave, .dockerOCI, .ociArchive, .ociDirectory])
    func everyImageIsScannedAndNamed(layout: FixtureLayout) throws {
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture(images(), layout: layout, in: directory)
        #expect(report.issues.filter(\.isError).isEmpty, "\(report.issues)")
        #expect(report.findings.count == 3)

        // The shared base layer is read once but reported under both images, each with its own status.
        let base = report.occurrences(of: baseSecret).sorted { ($0.provenance.image ?? "") < ($1.provenance.image ?? "") }
        #expect(base.map(\.provenance.image) == ["app:1", "tool:2"])
        #expect(base.map(\.provenance.layerIndex) == [0, 0])
        #expect(base.map(\.provenance.deletedInLayer) == [nil, 2])
        #expect(base.allSatisfy { $0.provenance.layerDigest == self.base.diffID })

        let app = try #require(report.occurrences(of: appSecret).first)
        #expect(app.provenance.image == "app:1")
        #expect(app.provenance.layerIndex == 1)
        #expect(app.provenance.createdBy == "COPY app.env /app/")

        let tool = try #require(report.occurrences(of: toolSecret).first)
        #expect(tool.provenance.image == "tool:2")
        #expect(tool.provenance.layerIndex == 1, "the WORKDIR step made no layer")
        #expect(tool.provenance.createdBy == "COPY tool.env /tool/")
        // Three distinct files: the shared layer counts once.
        #expect(report.summary.filesScanned == 3)
    }

    @Test func indexWithTwoPlatformsNamesEachPlatform() throws {
        let amdSecret = Secrets.token(23)
        let armSecret = Secrets.token(24)
        var amd = FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("etc/arch.conf", "amd64 \(amdSecret)\n")], compression: .gzip), createdBy: "ADD amd64 /"),
        ])
        amd.platform = "linux/amd64"
        var arm = FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("etc/arch.conf", "arm64 \(armSecret)\n")], compression: .zstd), createdBy: "ADD arm64 /"),
        ])
        arm.platform = "linux/arm64"
        for layout in [FixtureLayout.ociArchive, .ociDirectory] {
            let directory = try TemporaryDirectory()
            let (report, _) = try scanFixture([amd, arm], layout: layout, in: directory)
            #expect(report.issues.filter(\.isError).isEmpty, "\(report.issues)")
            let amdOccurrence = try #require(report.occurrences(of: amdSecret).first)
            let armOccurrence = try #require(report.occurrences(of: armSecret).first)
            #expect(amdOccurrence.provenance.image == "app:1 (linux/amd64)")
            #expect(armOccurrence.provenance.image == "app:1 (linux/arm64)")
            #expect(amdOccurrence.provenance.layerDigest == amd.layers[0].diffID)
            #expect(armOccurrence.provenance.layerDigest == arm.layers[0].diffID)
        }
    }

    @Test func aBareTagIsShownAfterTheInputName() throws {
        let secret = Secrets.token(26)
        let image = FixtureImage(name: "latest", steps: [.layer(FixtureLayer([.file("a.txt", secret)]), createdBy: "ADD a.txt /")])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image], layout: .ociDirectory, in: directory)
        #expect(report.occurrences(of: secret).first?.provenance.image == directory.file("layout") + ":latest")
    }

    @Test func untaggedOCIImagesAreNamedByDigest() throws {
        let secret = Secrets.token(25)
        let image = FixtureImage(name: "app:1", steps: [.layer(FixtureLayer([.file("a.txt", secret)]), createdBy: "ADD a.txt /")])
        var archive = FixtureArchive([image], layout: .ociArchive)
        archive.files["index.json"] = Array(String(decoding: archive.files["index.json"]!, as: UTF8.self)
            .replacingOccurrences(of: #""annotations":{"org.opencontainers.image.ref.name":"app:1"},"#, with: "").utf8)
        let directory = try TemporaryDirectory()
        let path = try archive.write(to: directory.file("image.tar"), layout: .ociArchive)
        let report = scanImages([.path(path)])
        let occurrence = try #require(report.occurrences(of: secret).first)
        let name = try #require(occurrence.provenance.image)
        #expect(name.hasPrefix("\(path)@sha256:"), "\(name)")
    }
}
