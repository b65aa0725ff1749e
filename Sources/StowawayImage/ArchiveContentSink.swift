/// A regular file found in a layer or in an archive inside one.
public struct ArchiveFile: Sendable, Hashable {
    /// How reports name it: the path in the layer, with `!/` before paths inside nested archives
    /// (`app/lib.jar!/config/application.yml`).
    public var path: String
    /// The normalized path of the layer entry holding it, to decide whether later layers deleted or replaced it.
    public var layerPath: String

    public init(path: String, layerPath: String) {
        self.path = path
        self.layerPath = layerPath
    }
}

/// Receives file contents as the layer reader finds them (the scanner lives on the other side, in StowawayKit).
/// Called on the reading worker's thread only.
public protocol ArchiveContentSink: AnyObject {
    /// A file small enough to be held whole. The bytes are valid only during the call.
    func scanWhole(_ contents: UnsafeRawBufferPointer, file: ArchiveFile)
    /// The first chunk of a large file; return false to skip the rest (it looks binary).
    func beginChunks(_ first: UnsafeRawBufferPointer, file: ArchiveFile) -> Bool
    func continueChunks(_ chunk: UnsafeRawBufferPointer)
    /// The file ended (or reading it stopped early).
    func endChunks()
}
