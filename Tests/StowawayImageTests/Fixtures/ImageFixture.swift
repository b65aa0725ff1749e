import Foundation
import StowawayCore

/// One layer of a fixture image: tar entries, compressed as asked. `blobOverride` stands in for a blob that is
/// not a tar at all (unknown compression).
struct FixtureLayer {
    var entries: [TarWriter.Entry]
    var compression: Compression = .none
    var blobOverride: [UInt8]?
    var mediaTypeOverride: String?

    init(_ entries: [TarWriter.Entry], compression: Compression = .none) {
        self.entries = entries
        self.compression = compression
    }

    var tar: [UInt8] { TarWriter.archive(entries) }
    var blob: [UInt8] { blobOverride ?? Compressor.compress(tar, compression) }
    /// The uncompressed digest: what the config's rootfs.diff_ids and reports call the layer digest.
    var diffID: String { "sha256:" + sha256Hex(blobOverride ?? tar) }
    var mediaType: String { mediaTypeOverride ?? "application/vnd.oci.image.layer.v1.tar" + compression.mediaTypeSuffix }
}

/// A build step: one that made a layer, or one that only changed the config (ENV, ARG, LABEL: `empty_layer`).
enum FixtureStep {
    case layer(FixtureLayer, createdBy: String)
    case empty(createdBy: String)
}

/// An image to write into a fixture archive.
struct FixtureImage {
    var name: String
    var steps: [FixtureStep]
    var env: [String] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    var labels: [String: String] = [:]
    var cmd: [String]? = ["/bin/sh"]
    /// `os/architecture` for images of a multi-platform index.
    var platform: String?

    var layers: [FixtureLayer] {
        steps.compactMap { step in
            if case .layer(let layer, _) = step { return layer }
            return nil
        }
    }

    var configJSON: [UInt8] {
        var config: [String: Any] = ["Env": env]
        if !labels.isEmpty { config["Labels"] = labels }
        if let cmd { config["Cmd"] = cmd }
        let history: [[String: Any]] = steps.map { step in
            switch step {
            case .layer(_, let createdBy): return ["created": "2024-01-01T00:00:00Z", "created_by": createdBy]
            case .empty(let createdBy):
                return ["created": "2024-01-01T00:00:00Z", "created_by": createdBy, "empty_layer": true]
            }
        }
        let parts = (platform ?? "linux/amd64").split(separator: "/").map(String.init)
        let object: [String: Any] = [
            "architecture": parts[1], "os": parts[0], "config": config, "history": history,
            "rootfs": ["type": "layers", "diff_ids": layers.map(\.diffID)],
        ]
        return FixtureJSON.encode(object)
    }
}

enum FixtureJSON {
    /// Sorted keys, unescaped slashes: the same bytes every run.
    static func encode(_ object: Any) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }
}
