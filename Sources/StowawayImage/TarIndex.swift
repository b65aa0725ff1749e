import StowawayCore

/// Where each entry of an uncompressed tar lies in the file, found by reading the headers only (entry data is
/// skipped), so a worker can later read any blob by offset with `pread`. Built once per outer archive.
struct TarIndex: Sendable {
    struct Entry: Sendable {
        var offset: Int
        var size: Int
        var kind: ArchiveEntryInfo.Kind
        var linkTarget: String?
        /// False when the data runs past the end of the file (a truncated archive) or is stored sparse.
        var isReadable: Bool
    }

    enum Outcome {
        case index(TarIndex)
        /// The file is compressed: offsets into it mean nothing, so it has to be decompressed first.
        case compressed
    }

    /// By normalized name; a later entry of the same name replaces an earlier one, as tar extraction would.
    var entries: [String: Entry] = [:]
    var issues: [ScanIssue] = []

    static func build(_ file: OpenFile, name: String) throws(StowawayError) -> Outcome {
        let reader = try ArchiveReader(formats: .tar)
        do {
            try reader.open(FileRange(wholeFile: file))
        } catch {
            throw StowawayError(name, "not a tar archive: \(error.message)")
        }
        var index = TarIndex()
        var lastName: String?
        loop: while true {
            switch reader.next() {
            case .entry(let info):
                if reader.isCompressed { return .compressed }
                // After the header is read, the stream position is where this entry's data begins.
                let offset = reader.decompressedPosition
                let size = info.size ?? 0
                let path = EntryPath(info.name)
                index.entries[path.normalized] = Entry(
                    offset: offset, size: size, kind: info.kind, linkTarget: info.linkTarget,
                    isReadable: !info.isSparse && offset + size <= file.size)
                lastName = info.name
            case .end:
                if reader.isCompressed { return .compressed }
                index.checkTrailingBytes(file, from: reader.decompressedPosition, name: name)
                break loop
            case .failure(let message):
                if reader.isCompressed { return .compressed }
                if lastName == nil { throw StowawayError(name, "not a tar archive: \(message)") }
                let after = lastName.map { " after entry \($0)" } ?? ""
                index.issues.append(ScanIssue(.error, input: name,
                                              message: "archive is truncated or corrupt\(after): \(message)"))
                break loop
            }
        }
        return .index(index)
    }

    /// Tar ends with zero blocks; anything else after them is ignored, but said so.
    private mutating func checkTrailingBytes(_ file: OpenFile, from end: Int, name: String) {
        let remaining = file.size - end
        guard remaining > 0 else { return }
        let checked = min(remaining, 1 << 20)
        guard let tail = try? file.bytes(at: end, count: checked, name: name) else { return }
        if tail.contains(where: { $0 != 0 }) {
            issues.append(ScanIssue(.warning, input: name,
                                    message: "\(remaining) bytes after the end of the tar archive were ignored"))
        }
    }
}
