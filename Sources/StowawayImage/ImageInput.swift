#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayCore

/// What the user named on the command line: an archive or layout directory, or a tar arriving on standard input.
public enum ImageInput: Sendable, Hashable {
    case path(String)
    case standardInput(descriptor: Int32)

    public var displayName: String {
        switch self {
        case .path(let path): return path
        case .standardInput: return "(stdin)"
        }
    }

    /// Opens the input as a blob store. A directory is read in place; an uncompressed tar is indexed and read by
    /// offset; a compressed tar or standard input is first spooled (decompressed) to a private temporary file.
    public func open() throws(StowawayError) -> (store: any BlobStore, issues: [ScanIssue]) {
        let name = displayName
        switch self {
        case .standardInput(let descriptor):
            guard isatty(descriptor) == 0 else {
                throw StowawayError(name, "is a terminal; pipe an archive in, e.g. docker save app:1 | stowaway image -")
            }
            return try Self.spooled(descriptor: descriptor, name: name)
        case .path(let path):
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw StowawayError(path, "cannot open: \(String(cString: strerror(errno)))")
            }
            if info.st_mode & S_IFMT == S_IFDIR { return (DirectoryBlobStore(name: path, root: path), []) }
            if info.st_mode & S_IFMT != S_IFREG {
                // A pipe such as `<(docker save app:1)`: read it once, like standard input.
                let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw StowawayError(path, "cannot open: \(String(cString: strerror(errno)))") }
                defer { close(descriptor) }
                return try Self.spooled(descriptor: descriptor, name: name)
            }
            let file = try OpenFile.open(path: path)
            return try Self.indexed(file, name: name, compressedAgain: false)
        }
    }

    private static func spooled(descriptor: Int32, name: String) throws(StowawayError) -> (store: any BlobStore, issues: [ScanIssue]) {
        let spooled = try InputSpool.spool({ reader throws(StowawayError) in try reader.open(descriptor: descriptor) },
                                           name: name)
        return try indexed(spooled, name: name, compressedAgain: true)
    }

    private static func indexed(_ file: OpenFile, name: String, compressedAgain: Bool) throws(StowawayError)
        -> (store: any BlobStore, issues: [ScanIssue])
    {
        switch try TarIndex.build(file, name: name) {
        case .index(let index):
            return (TarBlobStore(name: name, file: file, index: index), index.issues)
        case .compressed:
            guard !compressedAgain else { throw StowawayError(name, "compressed twice; not an image archive") }
            let spooled = try InputSpool.spool({ reader throws(StowawayError) in try reader.open(FileRange(wholeFile: file)) },
                                               name: name)
            return try indexed(spooled, name: name, compressedAgain: true)
        }
    }
}
