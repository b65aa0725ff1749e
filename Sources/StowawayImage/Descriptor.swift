/// An OCI content descriptor: what index and manifest JSON use to point at blobs by digest.
struct Descriptor: Sendable {
    var mediaType: String?
    var digest: String
    var size: Int?
    var annotations: [String: String]
    /// `os/architecture[/variant]` when the descriptor names a platform.
    var platform: String?

    init?(json: Any) {
        guard let object = json as? [String: Any], let digest = object["digest"] as? String else { return nil }
        self.digest = digest
        mediaType = object["mediaType"] as? String
        size = object["size"] as? Int
        annotations = object["annotations"] as? [String: String] ?? [:]
        if let platform = object["platform"] as? [String: Any],
           let os = platform["os"] as? String, let architecture = platform["architecture"] as? String {
            var text = os + "/" + architecture
            if let variant = platform["variant"] as? String, !variant.isEmpty { text += "/" + variant }
            self.platform = text
        }
    }

    /// Where an image layout keeps this blob, when the digest is well formed (hex only, so it cannot name a path
    /// outside `blobs/`).
    var blobPath: String? { Digest(digest).map { "blobs/\($0.algorithm)/\($0.hex)" } }
}

/// `algorithm:hex` as image manifests write digests.
struct Digest: Sendable, Hashable {
    let algorithm: String
    let hex: String

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "_" || $0 == "-" }),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        algorithm = String(parts[0])
        hex = String(parts[1])
    }

    /// The digest a blob path encodes: `blobs/sha256/<hex>` or Docker's `<hex>.json` config name.
    init?(path: String) {
        let parts = path.split(separator: "/")
        if parts.count >= 3, parts[parts.count - 3] == "blobs", let digest = Digest("\(parts[parts.count - 2]):\(parts[parts.count - 1])") {
            self = digest
            return
        }
        if let last = parts.last, last.hasSuffix(".json"), last.count == 64 + 5,
           let digest = Digest("sha256:" + last.dropLast(5)) {
            self = digest
            return
        }
        return nil
    }

    var text: String { algorithm + ":" + hex }

    /// `sha256:0123456789ab`: enough to tell images apart in messages.
    var short: String { algorithm + ":" + hex.prefix(12) }
}
