import Foundation
import StowawayCore

/// The image layouts the builder writes.
enum FixtureLayout: String, CaseIterable, CustomStringConvertible {
    /// `docker save` before Docker 25: manifest.json, `<id>/layer.tar`, `<config-hex>.json`, repositories.
    case dockerSave
    /// `docker save` from Docker 25 on: the same manifest.json over an embedded OCI layout (blobs/sha256/…).
    case dockerOCI
    /// An OCI image layout in a tar (`skopeo copy … oci-archive:`).
    case ociArchive
    /// An OCI image layout directory.
    case ociDirectory

    var description: String { rawValue }
    var isDirectory: Bool { self == .ociDirectory }
}

/// The files of a fixture image archive, before they are written as a tar or a directory. Tests change them
/// (drop a blob, alter a config) to build broken inputs; `layerPaths` and `configPaths` say where things are.
struct FixtureArchive {
    var files: [String: [UInt8]] = [:]
    /// Written first, in this order (manifests before blobs, for the truncation tests); the rest sorted.
    var leadingPaths: [String] = []
    /// Per image, the path of each layer blob.
    var layerPaths: [[String]] = []
    var configPaths: [String] = []

    static let ociManifestType = "application/vnd.oci.image.manifest.v1+json"
    static let ociIndexType = "application/vnd.oci.image.index.v1+json"

    init(_ images: [FixtureImage], layout: FixtureLayout) {
        switch layout {
        case .dockerSave: buildDockerSave(images)
        case .dockerOCI: buildOCI(images, dockerManifest: true)
        case .ociArchive, .ociDirectory: buildOCI(images, dockerManifest: false)
        }
    }

    var tar: [UInt8] {
        let leading = leadingPaths.map { TarWriter.Entry.file($0, bytes: files[$0]!) }
        let rest = files.keys.filter { !leadingPaths.contains($0) }.sorted().map { TarWriter.Entry.file($0, bytes: files[$0]!) }
        return TarWriter.archive(leading + rest, sorted: false)
    }

    /// Writes the archive (a tar file, or a directory for `.ociDirectory`) and returns its path.
    @discardableResult
    func write(to path: String, layout: FixtureLayout) throws -> String {
        if layout.isDirectory {
            for (name, bytes) in files {
                let url = URL(fileURLWithPath: path).appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            }
        } else {
            try Data(tar).write(to: URL(fileURLWithPath: path))
        }
        return path
    }

    private mutating func addBlob(_ bytes: [UInt8]) -> (path: String, digest: String, size: Int) {
        let hex = sha256Hex(bytes)
        let path = "blobs/sha256/\(hex)"
        files[path] = bytes
        return (path, "sha256:" + hex, bytes.count)
    }

    private mutating func buildDockerSave(_ images: [FixtureImage]) {
        var manifest: [[String: Any]] = []
        var repositories: [String: [String: String]] = [:]
        for image in images {
            var paths: [String] = []
            for layer in image.layers {
                let id = sha256Hex(Array(layer.diffID.utf8))
                let path = "\(id)/layer.tar"
                files[path] = layer.blob
                files["\(id)/VERSION"] = Array("1.0".utf8)
                files["\(id)/json"] = FixtureJSON.encode(["id": id])
                paths.append(path)
            }
            let config = image.configJSON
            let configPath = "\(sha256Hex(config)).json"
            files[configPath] = config
            layerPaths.append(paths)
            configPaths.append(configPath)
            manifest.append(["Config": configPath, "RepoTags": [image.name], "Layers": paths])
            let (repository, tag) = Self.split(image.name)
            repositories[repository, default: [:]][tag] = paths.last.map { String($0.prefix(64)) } ?? ""
        }
        files["manifest.json"] = FixtureJSON.encode(manifest)
        files["repositories"] = FixtureJSON.encode(repositories)
        leadingPaths = ["manifest.json"]
    }

    private mutating func buildOCI(_ images: [FixtureImage], dockerManifest: Bool) {
        var indexEntries: [[String: Any]] = []
        var dockerEntries: [[String: Any]] = []
        var platformManifests: [String: [[String: Any]]] = [:]
        var platformOrder: [String] = []
        for image in images {
            var layerDescriptors: [[String: Any]] = []
            var paths: [String] = []
            for layer in image.layers {
                let blob = addBlob(layer.blob)
                paths.append(blob.path)
                layerDescriptors.append(["mediaType": layer.mediaType, "digest": blob.digest, "size": blob.size])
            }
            let config = addBlob(image.configJSON)
            layerPaths.append(paths)
            configPaths.append(config.path)
            let manifest = addBlob(FixtureJSON.encode([
                "schemaVersion": 2, "mediaType": Self.ociManifestType,
                "config": ["mediaType": "application/vnd.oci.image.config.v1+json", "digest": config.digest, "size": config.size],
                "layers": layerDescriptors,
            ] as [String: Any]))
            var descriptor: [String: Any] = ["mediaType": Self.ociManifestType, "digest": manifest.digest, "size": manifest.size]
            if let platform = image.platform {
                let parts = platform.split(separator: "/").map(String.init)
                descriptor["platform"] = ["os": parts[0], "architecture": parts[1]]
                if platformManifests[image.name] == nil { platformOrder.append(image.name) }
                platformManifests[image.name, default: []].append(descriptor)
                continue
            }
            if dockerManifest {
                descriptor["annotations"] = ["io.containerd.image.name": "docker.io/library/\(image.name)",
                                             "org.opencontainers.image.ref.name": Self.split(image.name).tag]
                dockerEntries.append(["Config": config.path, "RepoTags": [image.name], "Layers": paths])
            } else {
                descriptor["annotations"] = ["org.opencontainers.image.ref.name": image.name]
            }
            indexEntries.append(descriptor)
        }
        for name in platformOrder {
            let imageIndex = addBlob(FixtureJSON.encode([
                "schemaVersion": 2, "mediaType": Self.ociIndexType, "manifests": platformManifests[name]!,
            ] as [String: Any]))
            indexEntries.append(["mediaType": Self.ociIndexType, "digest": imageIndex.digest, "size": imageIndex.size,
                                 "annotations": ["org.opencontainers.image.ref.name": name]])
        }
        files["index.json"] = FixtureJSON.encode(["schemaVersion": 2, "mediaType": Self.ociIndexType, "manifests": indexEntries] as [String: Any])
        files["oci-layout"] = FixtureJSON.encode(["imageLayoutVersion": "1.0.0"])
        leadingPaths = ["oci-layout", "index.json"]
        if dockerManifest {
            files["manifest.json"] = FixtureJSON.encode(dockerEntries)
            leadingPaths.append("manifest.json")
        }
    }

    static func split(_ name: String) -> (repository: String, tag: String) {
        guard let colon = name.lastIndex(of: ":") else { return (name, "latest") }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }
}
