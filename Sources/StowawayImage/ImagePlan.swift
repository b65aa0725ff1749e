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
}
