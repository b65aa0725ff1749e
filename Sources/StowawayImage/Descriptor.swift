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

    /// The digest, parsed strictly; the reason when it is refused.
    var parsedDigest: Result<Digest, Digest.Problem> { Digest.parse(digest) }
}
