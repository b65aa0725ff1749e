import StowawayCore

/// The named blobs of one image input: the entries of an outer tar, or the files of an image layout directory.
/// Paths are as manifests write them (`manifest.json`, `blobs/sha256/<hex>`, `<id>/layer.tar`).
public protocol BlobStore: Sendable {
    /// The input as the user named it, for messages.
    var name: String { get }
    /// "the archive" or "the image directory": where a missing blob was looked for, in messages.
    var holder: String { get }
    func contains(_ path: String) -> Bool
    /// Where the blob's bytes are, to be streamed (layers) or read whole (manifests, configs).
    func range(of path: String) throws(StowawayError) -> FileRange
}

extension BlobStore {
    /// Reads a blob whole; refuses one larger than `limit` (manifests and configs are small).
    public func contents(of path: String, limit: Int) throws(StowawayError) -> [UInt8] {
        let range = try range(of: path)
        guard range.length <= limit else {
            throw StowawayError(name, "\(path) is \(range.length) bytes, more than the \(limit) allowed for metadata")
        }
        return try range.file.bytes(at: range.offset, count: range.length, name: "\(name): \(path)")
    }

    /// "no blobs/sha256/<hex> in the archive": the end of a message about a blob that is not there.
    public func missingBlobPhrase(_ path: String) -> String { "no \(path) in \(holder)" }

    /// Blob size without reading it, for ordering work.
    public func size(of path: String) -> Int? { try? range(of: path).length }
}

/// Blobs inside an uncompressed tar, read by offset. Symbolic and hard links between entries are followed
/// (skopeo's docker-archive links `<id>/layer.tar` to `<digest>.tar`).
struct TarBlobStore: BlobStore {
    let name: String
    var holder: String { "the archive" }
    let file: OpenFile
    let index: TarIndex

    func contains(_ path: String) -> Bool { (try? resolve(path)) != nil }

    func range(of path: String) throws(StowawayError) -> FileRange {
        let (resolvedPath, entry) = try resolve(path)
        guard entry.kind == .regular else { throw StowawayError(name, "\(path) is not a regular file in the archive") }
        guard entry.isReadable else {
            throw StowawayError(name, "\(resolvedPath) is truncated (the archive ends inside it) or stored sparse")
        }
        return FileRange(file: file, offset: entry.offset, length: entry.size)
    }

    private func resolve(_ path: String) throws(StowawayError) -> (String, TarIndex.Entry) {
        var current = EntryPath(path).normalized
        for _ in 0..<16 {
            guard let entry = index.entries[current] else { throw StowawayError(name, "\(path) is missing from the archive") }
            switch entry.kind {
            case .symlink:
                let target = entry.linkTarget ?? ""
                let base = target.hasPrefix("/") ? "" : EntryPath.ancestors(of: current).last ?? ""
                current = EntryPath(base.isEmpty ? target : base + "/" + target).normalized
            case .hardlink:
                current = EntryPath(entry.linkTarget ?? "").normalized
            default:
                return (current, entry)
            }
        }
        throw StowawayError(name, "\(path): too many links")
    }
}

/// Blobs as files of an image layout directory (OCI layout, or an unpacked `docker save`).
struct DirectoryBlobStore: BlobStore {
    let name: String
    var holder: String { "the image directory" }
    let root: String

    func contains(_ path: String) -> Bool { (try? range(of: path)) != nil }

    func range(of path: String) throws(StowawayError) -> FileRange {
        let entry = EntryPath(path)
        // A manifest naming `../x` or `/x` must not make us read files outside the layout.
        guard !entry.isUnusual, !entry.normalized.isEmpty else {
            throw StowawayError(name, "\(path) points outside the image directory")
        }
        let file: OpenFile
        do {
            file = try OpenFile.open(path: root + "/" + entry.normalized)
        } catch {
            throw StowawayError(name, "\(path) is missing from the image directory")
        }
        return FileRange(wholeFile: file)
    }
}
