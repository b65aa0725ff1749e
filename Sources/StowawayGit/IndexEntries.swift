import CGit2

/// A file staged in the index (stage 0 only: conflict stages are not content anyone chose yet).
public struct IndexEntry: Sendable {
    public let path: String
    public let blob: ObjectID
}

extension GitRepository {
    /// The index's entries; empty for a bare repository or an unreadable index.
    public func indexEntries() -> [IndexEntry] {
        guard !location.isBare else { return [] }
        var index: OpaquePointer?
        guard git_repository_index(&index, handle) == 0, let index else { return [] }
        defer { git_index_free(index) }
        var entries: [IndexEntry] = []
        for position in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, position)?.pointee, entry.flags & 0x3000 == 0 else { continue }
            entries.append(IndexEntry(path: String(cString: entry.path), blob: ObjectID(entry.id)))
        }
        return entries
    }
}
