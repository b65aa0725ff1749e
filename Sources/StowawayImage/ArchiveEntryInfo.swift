import CArchive

/// What libarchive's header says about one entry, copied out of the reader (its entry object is reused).
struct ArchiveEntryInfo {
    enum Kind: Sendable, Equatable {
        case regular, directory, symlink, hardlink, other
    }

    /// The name exactly as stored (UTF-8 where the archive says so; raw bytes decoded leniently otherwise).
    var name: String
    var kind: Kind
    /// nil when the header does not say (a streamed zip entry).
    var size: Int?
    var linkTarget: String?
    /// Sparse entries are not stored contiguously, so their data cannot be read by offset.
    var isSparse: Bool

    init(_ entry: OpaquePointer) {
        // The UTF-8 form is nil when a pax name cannot be converted to the C locale; the raw form is always there.
        if let utf8 = archive_entry_pathname_utf8(entry) {
            name = String(cString: utf8)
        } else if let raw = archive_entry_pathname(entry) {
            name = String(cString: raw)
        } else {
            name = ""
        }
        let type = archive_entry_filetype(entry)
        if let hardlink = archive_entry_hardlink(entry) {
            kind = .hardlink
            linkTarget = String(cString: hardlink)
        } else if type == carchive_ifreg() {
            kind = .regular
        } else if type == carchive_ifdir() {
            kind = .directory
        } else if type == carchive_iflnk() {
            kind = .symlink
            linkTarget = archive_entry_symlink(entry).map { String(cString: $0) }
        } else {
            kind = .other
        }
        size = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : nil
        isSparse = archive_entry_sparse_count(entry) > 0
    }
}
