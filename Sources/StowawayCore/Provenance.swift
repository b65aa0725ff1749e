/// Where a scanned blob came from. Each source fills the fields it knows; reporters print what is present.
public struct Provenance: Sendable, Hashable, Codable {
    /// What kind of source produced the blob: "file", "stdin", "git", "commit-message", "tag-message", "image-layer",
    /// "image-config".
    public var source: String
    /// Path relative to the scan root (or inside the layer / commit tree).
    public var path: String
    public var commit: String?
    public var author: String?
    public var email: String?
    public var date: String?
    public var refs: [String]?
    public var inHead: Bool?
    public var tag: String?
    public var blob: String?
    public var image: String?
    public var layerDigest: String?
    public var layerIndex: Int?
    public var createdBy: String?
    public var deletedInLayer: Int?
    public var overwrittenInLayer: Int?
    public var configField: String?

    public init(source: String, path: String) {
        self.source = source
        self.path = path
    }

    public static func file(_ path: String) -> Provenance { Provenance(source: "file", path: path) }
}
