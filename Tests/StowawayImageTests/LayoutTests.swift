import Foundation
import StowawayCore
import StowawayImage
import Testing

/// One image holding every kind of leak the image scan must report, with where each must be reported.
struct StoryImage {
    let present = Secrets.token(1)
    let deleted = Secrets.token(2)
    let removedByOpaqueDirectory = Secrets.token(3)
    let overwritten = Secrets.token(4)
    let env = Secrets.token(5)
    let label = Secrets.token(6)
    let buildArg = Secrets.token(7)
    let inSecondLayer = Secrets.token(8)
    let swarm = Secrets.swarmJoinToken(9)
    let registryAuth = Secrets.dockerAuth(10)

    let base: FixtureLayer
    let cleanup: FixtureLayer
    let settings: FixtureLayer
    let image: FixtureImage

    static let runStep = "RUN |1 TOKEN=%@ /bin/sh -c rm -rf /opt/old /srv/cache/* && echo done"

    init(compressions: [Compression] = [.none, .none, .none]) {
        base = FixtureLayer([
            .directory("app"), .directory("etc"), .directory("etc/app"), .directory("opt"), .directory("opt/old"),
            .directory("srv"), .directory("srv/cache"), .directory("srv/cache/tmp"), .directory("root"),
            .directory("root/.docker"), .directory("etc/swarm"),
            .file("etc/app/config.yml", "api:\n  token: \(present)\n"),
            .file("opt/old/creds.txt", "token=\(deleted)\n"),
            .file("srv/cache/tmp/key.txt", "\(removedByOpaqueDirectory)\n"),
            .file("app/settings.env", "APP_TOKEN=\(overwritten)\n"),
            .file("etc/swarm/join.sh", "docker swarm join --token \(swarm) 10.0.0.1:2377\n"),
            .file("root/.docker/config.json", #"{"auths":{"registry.example.com":{"auth":"\#(registryAuth)"}}}"#),
            .file("etc/hostname", "clean\n"),
        ], compression: compressions[0])
        cleanup = FixtureLayer([
            .directory("opt"), .directory("srv"), .directory("srv/cache"),
            .file("opt/.wh.old", ""),
            .file("srv/cache/.wh..wh..opq", ""),
            .file("srv/cache/fresh.txt", "nothing here\n"),
            .file("opt/notes.txt", "note: \(inSecondLayer)\n"),
        ], compression: compressions[1])
        settings = FixtureLayer([.directory("app"), .file("app/settings.env", "APP_TOKEN=${APP_TOKEN}\n")],
                                compression: compressions[2])
        var image = FixtureImage(name: "app:1", steps: [
            .layer(base, createdBy: "ADD rootfs.tar / # buildkit"),
            .empty(createdBy: "ENV API_TOKEN=\(env)"),
            .empty(createdBy: "LABEL com.example.deploy-token=\(label)"),
            .layer(cleanup, createdBy: Self.runStep.replacingOccurrences(of: "%@", with: buildArg)),
            .layer(settings, createdBy: "COPY settings.env /app/settings.env # buildkit"),
        ])
        image.env.append("API_TOKEN=\(env)")
        image.labels = ["com.example.deploy-token": label]
        self.image = image
    }

    /// Checks every planted secret is reported where and how it must be, and nothing else is.
    func verify(_ report: ScanReport, imageName: String = "app:1") throws {
        #expect(report.issues.filter(\.isError).isEmpty, "unexpected errors: \(report.issues)")
        #expect(report.findings.count == 10, "found: \(report.findings.map(\.ruleID))")

        try expectLayer(report, present, "etc/app/config.yml", layer: 0, imageName: imageName)
        try expectLayer(report, deleted, "opt/old/creds.txt", layer: 0, deletedIn: 1, imageName: imageName)
        try expectLayer(report, removedByOpaqueDirectory, "srv/cache/tmp/key.txt", layer: 0, deletedIn: 1, imageName: imageName)
        try expectLayer(report, overwritten, "app/settings.env", layer: 0, overwrittenIn: 2, imageName: imageName)
        try expectLayer(report, swarm, "etc/swarm/join.sh", layer: 0, imageName: imageName)
        try expectLayer(report, registryAuth, "root/.docker/config.json", layer: 0, imageName: imageName)
        let second = try expectLayer(report, inSecondLayer, "opt/notes.txt", layer: 1, imageName: imageName)
        // The build step shown with this file must not leak the build arg found in the history.
        let step = try #require(second.provenance.createdBy)
        #expect(step.hasPrefix("RUN |1 TOKEN=dmo_"))
        #expect(!step.contains(buildArg))

        try expectConfig(report, env, field: "config.Env[1]", imageName: imageName)
        try expectConfig(report, env, field: "history[1].created_by", imageName: imageName)
        try expectConfig(report, label, field: "config.Labels.com.example.deploy-token", imageName: imageName)
        try expectConfig(report, label, field: "history[2].created_by", imageName: imageName)
        let arg = try expectConfig(report, buildArg, field: "history[3].created_by", layer: 1, imageName: imageName)
        #expect(arg.provenance.layerDigest == cleanup.diffID)
    }

    @discardableResult
    func expectLayer(_ report: ScanReport, _ secret: String, _ path: String, layer: Int, deletedIn: Int? = nil,
                     overwrittenIn: Int? = nil, imageName: String) throws -> Occurrence {
        let occurrence = try #require(report.occurrence(of: secret, path: path), "\(path) not reported")
        let provenance = occurrence.provenance
        let layers = [base, cleanup, settings]
        #expect(provenance.source == "image-layer")
        #expect(provenance.image == imageName)
        #expect(provenance.layerIndex == layer)
        #expect(provenance.layerDigest == layers[layer].diffID)
        #expect(provenance.deletedInLayer == deletedIn, "\(path)")
        #expect(provenance.overwrittenInLayer == overwrittenIn, "\(path)")
        #expect(provenance.configField == nil)
        if layer == 0 { #expect(provenance.createdBy == "ADD rootfs.tar / # buildkit") }
        #expect(report.occurrences(of: secret).count == 1, "\(path): \(report.occurrences(of: secret))")
        return occurrence
    }

    @discardableResult
    func expectConfig(_ report: ScanReport, _ secret: String, field: String, layer: Int? = nil,
                      imageName: String) throws -> Occurrence {
        let occurrence = try #require(report.occurrences(of: secret).first { $0.provenance.configField == field },
                                      "\(field) not reported")
        #expect(occurrence.provenance.source == "image-config")
        #expect(occurrence.provenance.image == imageName)
        #expect(occurrence.provenance.path == field)
        #expect(occurrence.provenance.layerIndex == layer)
        #expect(occurrence.provenance.deletedInLayer == nil)
        return occurrence
    }
}

@Suite struct LayoutTests {
    /// Compressions per layer for each layout: every layout sees at least two kinds.
    static let compressions: [FixtureLayout: [Compression]] = [
        .dockerSave: [.none, .none, .none],
        .dockerOCI: [.gzip, .none, .zstd],
        .ociArchive: [.zstd, .gzip, .none],
        .ociDirectory: [.gzip, .zstd, .gzip],
    ]

    @Test(arguments: FixtureLayout.allCases)
    func everyLeakIsReportedWithItsLayerAndStatus(layout: FixtureLayout) throws {
        let story = StoryImage(compressions: Self.compressions[layout]!)
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([story.image], layout: layout, in: directory)
        try story.verify(report)
    }

    @Test func oneThreadFindsTheSame() throws {
        let story = StoryImage(compressions: [.gzip, .zstd, .none])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([story.image], layout: .ociArchive, in: directory) { $0.threads = 1 }
        try story.verify(report)
    }

    @Test func aCompressedOuterArchiveIsDecompressedFirst() throws {
        let story = StoryImage()
        let directory = try TemporaryDirectory()
        let archive = FixtureArchive([story.image], layout: .dockerSave)
        let path = directory.file("image.tar.gz")
        try Data(Compressor.compress(archive.tar, .gzip)).write(to: URL(fileURLWithPath: path))
        try story.verify(scanImages([.path(path)]))
    }

    @Test func countsEachScannedFileOnce() throws {
        let story = StoryImage()
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([story.image], layout: .dockerSave, in: directory)
        // 7 files in the base layer, 2 non-empty files in the cleanup layer, 1 in the settings layer.
        #expect(report.summary.filesScanned == 10)
    }
}
