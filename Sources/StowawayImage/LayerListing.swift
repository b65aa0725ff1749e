/// What one layer does to the filesystem: the paths it adds or replaces, the paths it deletes (`.wh.<name>`) and
/// the directories it makes opaque (`.wh..wh..opq`). Only paths are kept, never contents.
public struct LayerListing: Sendable {
    /// Paths the layer writes, with whether each is a directory (a directory entry does not replace lower content).
    var written: [String: Bool] = [:]
    var deleted = Set<String>()
    var opaqueDirectories = Set<String>()

    public init() {}

    mutating func record(_ path: EntryPath, isDirectory: Bool) {
        switch path.whiteout {
        case .deleted(let target): deleted.insert(target)
        case .opaque(let directory): opaqueDirectories.insert(directory)
        case nil: written[path.normalized] = isDirectory
        }
    }

    public var fileCount: Int { written.count }
}
