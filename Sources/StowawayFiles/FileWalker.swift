#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayCore

/// A regular file found by the walk.
public struct WalkedFile: Sendable {
    /// Path to open, as raw bytes (NUL-terminated): a file name that is not valid UTF-8 must still open.
    public var path: [CChar]
    /// Path shown in reports: relative to the scan root (prefixed by the root when several roots are scanned).
    public var displayPath: String
    /// Size from the walk when known (-1 when the walk did not stat the file; workers fstat anyway).
    public var size: Int
}

public struct FileWalkOptions: Sendable {
    public var excludes: [Glob] = []
    public var respectGitignore = false
    /// `.git` folders hold history, which `stowaway git` scans; the tree scan skips them.
    public var skipGitDirectories = true

    public init() {}
}

/// What the walk found and what it left out, with reasons.
public struct FileWalkResult: Sendable {
    public var files: [WalkedFile] = []
    public var issues: [ScanIssue] = []
    public var symlinksSkipped = 0
    public var specialFilesSkipped = 0
    public var excludedFiles = 0
    /// Called with files as the walk finds them (after each directory, in batches), so scanning can start before the
    /// walk ends; `files` then holds only those not yet handed over.
    public var onFiles: (@Sendable (ArraySlice<WalkedFile>) -> Void)?

    public init(onFiles: (@Sendable (ArraySlice<WalkedFile>) -> Void)? = nil) { self.onFiles = onFiles }

    /// Hands the files found since the last call to `onFiles`, once there are at least `minimum` of them. Files
    /// handed over are not kept in `files`: the receiver owns them (a tree's file list is its largest structure).
    mutating func handOver(minimum: Int) {
        guard let onFiles, files.count >= max(minimum, 1) else { return }
        onFiles(files[...])
        files.removeAll(keepingCapacity: true)
    }
}

/// Walks directories with `opendir`/`lstat` (Foundation's enumerator is several times slower on Linux). Never follows
/// symbolic links, so nothing outside the root is read and link loops cannot trap it.
public struct FileWalker: Sendable {
    public let options: FileWalkOptions
    /// Directories deeper than this below a root are not descended (an error names the first one cut off).
    public static let maximumDepth = 512

    public init(options: FileWalkOptions) { self.options = options }

    /// `displayPrefix` is put before relative paths ("" for a single root).
    public func walk(root: String, displayPrefix: String, into result: inout FileWalkResult) {
        walkRoot(root, displayPrefix: displayPrefix, into: &result)
        result.handOver(minimum: 1)
    }

    private func walkRoot(_ root: String, displayPrefix: String, into result: inout FileWalkResult) {
        var info = stat()
        guard lstat(root, &info) == 0 else {
            result.issues.append(ScanIssue(.error, input: root, message: "cannot read: \(String(cString: strerror(errno)))"))
            return
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG {
            let name = displayPrefix.isEmpty ? Self.lastComponent(root) : displayPrefix
            add(path: Array(root.utf8CString), display: name, size: Int(info.st_size), into: &result)
            return
        }
        if type == S_IFLNK {
            // A root given explicitly as a link is followed once: the user named it.
            guard stat(root, &info) == 0 else {
                result.issues.append(ScanIssue(.error, input: root, message: "broken symbolic link"))
                return
            }
            if info.st_mode & S_IFMT == S_IFREG {
                add(path: Array(root.utf8CString), display: displayPrefix.isEmpty ? Self.lastComponent(root) : displayPrefix,
                    size: Int(info.st_size), into: &result)
                return
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            // Named on the command line, so not scanning it leaves the run incomplete.
            result.issues.append(ScanIssue(.error, input: root, message:
                "\(Self.describe(mode: info.st_mode)), not a regular file or directory; not scanned (use - to scan standard input)"))
            return
        }
        var ignores = IgnoreStack()
        if options.respectGitignore {
            ignores.push(directory: "", file: root + "/.git/info/exclude")
        }
        walkDirectory(Array(root.utf8), relative: "", displayPrefix: displayPrefix, ignores: &ignores, depth: 0, into: &result)
    }

    /// One directory: names from readdir with their d_type, so regular files and folders need no lstat (the path
    /// lookups dominated the walk); entries of unknown type fall back to lstat.
    private func walkDirectory(
        _ directory: [UInt8], relative: String, displayPrefix: String, ignores: inout IgnoreStack, depth: Int,
        into result: inout FileWalkResult
    ) {
        guard depth < Self.maximumDepth else {
            // Only a hostile tree is this deep; what is below was not scanned, so the scan is incomplete.
            result.issues.append(ScanIssue(.error, input: display(relative, displayPrefix),
                                           message: "nested more than \(Self.maximumDepth) directories deep; not descended"))
            return
        }
        guard let handle = opendir(Self.cString(directory)) else {
            result.issues.append(ScanIssue(.error, input: display(relative.isEmpty ? "." : relative, displayPrefix),
                                           message: "cannot open directory: \(String(cString: strerror(errno)))"))
            return
        }
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if name == [46] || name == [46, 46] { continue }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(handle)
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }

        let pushed = options.respectGitignore
            && ignores.push(directory: relative, file: String(decoding: directory, as: UTF8.self) + "/.gitignore")
        defer { if pushed { ignores.pop() } }

        // Paths are built in place with one allocation each: the walk runs once per file of the tree.
        let separatedDirectory = directory + [47]
        let relativePrefix = relative.isEmpty ? "" : relative + "/"
        for (nameBytes, entryType) in entries {
            let name = String(decoding: nameBytes, as: UTF8.self)
            var path = separatedDirectory
            path.reserveCapacity(separatedDirectory.count + nameBytes.count + 1)
            path.append(contentsOf: nameBytes)
            var relativePath = relativePrefix
            relativePath += name
            var kind = Self.kind(ofDirentType: entryType)
            if kind == .unknown {
                var info = stat()
                guard lstat(Self.cString(path), &info) == 0 else {
                    result.issues.append(ScanIssue(.error, input: display(relativePath, displayPrefix),
                                                   message: "cannot read: \(String(cString: strerror(errno)))"))
                    continue
                }
                kind = Self.kind(ofMode: info.st_mode)
            }
            let isDirectory = kind == .directory
            if isDirectory, options.skipGitDirectories, name == ".git" { continue }
            if options.excludes.contains(where: { $0.matches(relativePath) }) {
                if !isDirectory { result.excludedFiles += 1 }
                continue
            }
            if options.respectGitignore, ignores.isIgnored(relativePath, isDirectory: isDirectory) { continue }
            switch kind {
            case .directory:
                walkDirectory(path, relative: relativePath, displayPrefix: displayPrefix, ignores: &ignores,
                              depth: depth + 1, into: &result)
            case .regular:
                result.files.append(WalkedFile(path: Self.cString(path), displayPath: display(relativePath, displayPrefix),
                                               size: -1))
            case .symlink:
                result.symlinksSkipped += 1
            case .special, .unknown:
                // Never opened: reading a FIFO blocks, a device never ends. Named, since nothing in it was scanned.
                result.specialFilesSkipped += 1
                result.issues.append(ScanIssue(.note, input: display(relativePath, displayPrefix),
                                               message: "\(Self.describe(direntType: entryType)); not scanned"))
            }
        }
        result.handOver(minimum: 256)
    }

    enum Kind { case regular, directory, symlink, special, unknown }

    /// What a special file is, in words, from its directory-entry type.
    static func describe(direntType type: UInt8) -> String {
        switch Int(type) {
        case Int(DT_FIFO): "a named pipe (FIFO)"
        case Int(DT_CHR): "a character device"
        case Int(DT_BLK): "a block device"
        case Int(DT_SOCK): "a socket"
        default: "not a regular file"
        }
    }

    static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    static func kind(ofDirentType type: UInt8) -> Kind {
        switch Int(type) {
        case Int(DT_REG): .regular
        case Int(DT_DIR): .directory
        case Int(DT_LNK): .symlink
        case Int(DT_UNKNOWN): .unknown
        default: .special
        }
    }

    static func kind(ofMode mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFLNK: .symlink
        default: .special
        }
    }

    /// `bytes` as a NUL-terminated C string, in one allocation.
    static func cString(_ bytes: [UInt8]) -> [CChar] {
        [CChar](unsafeUninitializedCapacity: bytes.count + 1) { buffer, count in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            buffer[bytes.count] = 0
            count = bytes.count + 1
        }
    }

    private func add(path: [CChar], display: String, size: Int, into result: inout FileWalkResult) {
        result.files.append(WalkedFile(path: path, displayPath: display, size: size))
    }

    private func display(_ relative: String, _ prefix: String) -> String {
        prefix.isEmpty ? relative : prefix + "/" + relative
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
