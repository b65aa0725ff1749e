/// One image found in an input, ready to scan: its name, config and layers in order (lowest first).
public struct ImagePlan: Sendable {
    public var name: String
    public var config: ImageConfig?
    public var layers: [LayerPlan]
}

/// One layer of an image: where its blob is and what it is.
public struct LayerPlan: Sendable {
    public enum Content: Sendable, Equatable {
        /// A filesystem change set (tar; uncompressed, gzip or zstd, told apart by content).
        case filesystem
        /// A JSON document stored as a layer (an in-toto attestation): scanned as text.
        case document
        /// A media type stowaway does not know: reported, not scanned.
        case unknown(mediaType: String)
    }

    public var index: Int
    /// The blob in the input (`<id>/layer.tar`, `blobs/sha256/<hex>`).
    public var blobPath: String
    /// The layer's diff id (uncompressed digest) when the config gives it, else the blob digest.
    public var digest: String?
    public var content: Content
    /// The build step that created the layer, from the config history.
    public var createdBy: String?
    /// A foreign (non-distributable) layer, e.g. a Windows base layer: archives usually leave its blob out.
    public var isForeign = false
    /// What the blob's bytes must hash to, checked while the layer is read; nil when nothing names its digest.
    public var expectedDigest: ExpectedDigest?
    /// What named this layer (`manifest sha256:…`, `manifest.json entry 0`), for messages about a missing blob.
    public var referencedBy: String
}

/// The digest a layer blob is known by.
public enum ExpectedDigest: Sendable, Hashable {
    /// The digest of the blob as stored (an OCI descriptor, a `blobs/sha256/<hex>` path).
    case blob(Digest)
    /// The digest of the uncompressed tar (the config's diff id): classic `docker save` names layers `<id>/layer.tar`.
    case uncompressed(Digest)

    public var digest: Digest {
        switch self {
        case .blob(let digest), .uncompressed(let digest): return digest
        }
    }
}
