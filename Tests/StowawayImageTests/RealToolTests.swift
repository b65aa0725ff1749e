import Foundation
import StowawayCore
import StowawayImage
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Archives made by real tools rather than by the fixture builder. CI installs them with
/// `apt-get install umoci skopeo buildah`; where they are missing the tests are skipped with that reason.
@Suite struct RealToolTests {
    @Test(.enabled(if: ExternalTool.available("umoci", "skopeo"), "needs umoci and skopeo (apt-get install umoci skopeo)"))
    func umociLayoutWithAWhiteoutConvertedBySkopeo() throws {
        let deleted = Secrets.token(50)
        let kept = Secrets.token(51)
        let env = Secrets.token(52)
        let directory = try TemporaryDirectory()
        let work = directory.path
        try ExternalTool.run("umoci", ["init", "--layout", "layout"], in: work)
        try ExternalTool.run("umoci", ["new", "--image", "layout:app"], in: work)
        try ExternalTool.run("umoci", ["unpack", "--rootless", "--image", "layout:app", "bundle"], in: work)
        try FileManager.default.createDirectory(atPath: "\(work)/bundle/rootfs/etc", withIntermediateDirectories: true)
        try "k=\(deleted)\n".write(toFile: "\(work)/bundle/rootfs/etc/secret.conf", atomically: true, encoding: .utf8)
        try "k=\(kept)\n".write(toFile: "\(work)/bundle/rootfs/etc/keep.conf", atomically: true, encoding: .utf8)
        try ExternalTool.run("umoci", ["repack", "--refresh-bundle", "--image", "layout:app", "bundle"], in: work)
        try FileManager.default.removeItem(atPath: "\(work)/bundle/rootfs/etc/secret.conf")
        try ExternalTool.run("umoci", ["repack", "--image", "layout:app", "bundle"], in: work)
        try ExternalTool.run("umoci", ["config", "--image", "layout:app", "--config.env", "API_TOKEN=\(env)"], in: work)
        try ExternalTool.run("skopeo", ["copy", "oci:layout:app", "docker-archive:docker.tar:app:1"], in: work)
        try ExternalTool.run("skopeo", ["copy", "oci:layout:app", "oci-archive:oci.tar:app:1"], in: work)

        // skopeo writes the docker-archive tag in full; umoci's layout names the image by a bare tag.
        let expectations = [("docker.tar", "docker.io/library/app:1"), ("oci.tar", "app:1"), ("layout", "\(work)/layout:app")]
        for (input, name) in expectations {
            let report = scanImages([.path("\(work)/\(input)")])
            #expect(report.issues.filter(\.isError).isEmpty, "\(input): \(report.issues)")
            let secret = try #require(report.occurrences(of: deleted).first, "\(input)")
            #expect(secret.provenance.image == name)
            #expect(secret.provenance.path == "etc/secret.conf")
            #expect(secret.provenance.layerIndex == 0)
            #expect(secret.provenance.deletedInLayer == 1, "\(input): umoci wrote a .wh. whiteout in layer 1")
            #expect(secret.provenance.layerDigest?.hasPrefix("sha256:") == true)
            let keep = try #require(report.occurrences(of: kept).first)
            #expect(keep.provenance.deletedInLayer == nil && keep.provenance.overwrittenInLayer == nil)
            #expect(report.occurrences(of: env).first?.provenance.configField == "config.Env[0]")
        }
    }

    @Test(.enabled(if: ExternalTool.available("buildah") && getuid() == 0,
                   "needs buildah and root (apt-get install buildah; vfs storage, chroot isolation, offline FROM scratch)"))
    func buildahImageWithConfigHistoryAndLayers() throws {
        let env = Secrets.token(53)
        let label = Secrets.token(54)
        let first = Secrets.token(55)
        let second = Secrets.token(56)
        let directory = try TemporaryDirectory()
        let work = directory.path
        try FileManager.default.createDirectory(atPath: "\(work)/context", withIntermediateDirectories: true)
        try """
            FROM scratch
            ENV API_TOKEN=\(env)
            LABEL com.example.token=\(label)
            COPY first.conf /etc/first.conf
            COPY second.conf /etc/first.conf
            COPY second.conf /etc/second.conf
            """.write(toFile: "\(work)/context/Containerfile", atomically: true, encoding: .utf8)
        try "k=\(first)\n".write(toFile: "\(work)/context/first.conf", atomically: true, encoding: .utf8)
        // Sizes differ on purpose: buildah's layer diff compares size and mtime, and would miss a same-size change.
        try "k=\(second)\n# the second file\n".write(toFile: "\(work)/context/second.conf", atomically: true, encoding: .utf8)
        let storage = ["--storage-driver", "vfs", "--root", "\(work)/storage", "--runroot", "\(work)/run"]
        try ExternalTool.run("buildah", storage + ["bud", "--isolation", "chroot", "--layers", "-t", "app:1", "context"], in: work)
        try ExternalTool.run("buildah", storage + ["push", "app:1", "docker-archive:\(work)/docker.tar:app:1"], in: work)
        try ExternalTool.run("buildah", storage + ["push", "app:1", "oci-archive:\(work)/oci.tar:app:1"], in: work)
        defer { try? ExternalTool.run("buildah", storage + ["rmi", "--all", "--force"], in: work) }

        for input in ["docker.tar", "oci.tar"] {
            let report = scanImages([.path("\(work)/\(input)")])
            #expect(report.issues.filter(\.isError).isEmpty, "\(input): \(report.issues)")
            let overwritten = try #require(report.occurrences(of: first).first, "\(input)")
            #expect(overwritten.provenance.layerIndex == 0)
            #expect(overwritten.provenance.overwrittenInLayer == 1)
            #expect(overwritten.provenance.createdBy?.contains("COPY") == true)
            let fields = Set(report.occurrences(of: env).compactMap(\.provenance.configField))
            #expect(fields.contains { $0.hasPrefix("config.Env[") })
            #expect(fields.contains { $0.hasPrefix("history[") })
            #expect(report.occurrences(of: label).contains { $0.provenance.configField == "config.Labels.com.example.token" })
            #expect(Set(report.occurrences(of: second).compactMap(\.provenance.layerIndex)) == [1, 2])
        }
    }
}
