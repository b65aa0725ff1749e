#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayCore

/// A regular file found by the walk.
public struct WalkedFile: Sendable {
    /// Path to open.
    public var path: String
    /// Path shown in reports: relative to the scan root (prefixed by the root when several roots are scanned).
    public var displayPath: String
    public var size: Int
}

public struct FileWalkOptions: Sendable {
    public var excludes: [Glob] = []
    public var respectGitignore = false
    /// `.git` folders hold history, which `stowaway git` scans; the tree scan skips them.
    public var skipGitDirectories = true
    public var maxFileSize = 256 * 1024 * 1024

    public init() {}
}

/// What the walk found and what it left out, with reasons.
public struct FileWalkResult: Sendable {
    public var files: [WalkedFile] = []
    public var issues: [ScanIssue] = []
    public var symlinksSkipped = 0
    public var specialFilesSkipped = 0
    public var excludedFiles = 0
    public var tooLargeFiles = 0

    public init() {}
}

/// Walks directories with `opendir`/`lstat` (Foundation's enumerator is several times slower on Linux). Never follows
/// symbolic links, so nothing outside the root is read and link loops cannot trap it.
public struct FileWalker: Sendable {
    public let options: FileWalkOptions

    public init(options: FileWalkOptions) { self.options = options }

    /// `displayPrefix` is put before relative paths ("" for a single root).
    public func walk(root: String, displayPrefix: String, into result: inout FileWalkResult) {
        var info = stat()
        guard lstat(root, &info) == 0 else {
            result.issues.append(ScanIssue(.error, input: root, message: "cannot read: \(String(cString: strerror(errno)))"))
            return
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG {
            let name = displayPrefix.isEmpty ? Self.lastComponent(root) : displayPrefix
            add(path: root, display: name, size: Int(info.st_size), into: &result)
            return
        }
        if type == S_IFLNK {
            // A root given explicitly as a link is followed once: the user named it.
            guard stat(root, &info) == 0 else {
                result.issues.append(ScanIssue(.error, input: root, message: "broken symbolic link"))
                return
            }
            if info.st_mode & S_IFMT == S_IFREG {
                add(path: root, display: displayPrefix.isEmpty ? Self.lastComponent(root) : displayPrefix,
                    size: Int(info.st_size), into: &result)
                return
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            result.issues.append(ScanIssue(.note, input: root, message: "not a regular file or directory; skipped"))
            return
        }
        var ignores = IgnoreStack()
        if options.respectGitignore {
            ignores.push(directory: "", file: root + "/.git/info/exclude")
        }
        walkDirectory(root, relative: "", displayPrefix: displayPrefix, ignores: &ignores, depth: 0, into: &result)
    }

    private func walkDirectory(
        _ directory: String, relative: String, displayPrefix: String, ignores: inout IgnoreStack, depth: Int,
        into result: inout FileWalkResult
    ) {
        guard depth < 512 else {
            result.issues.append(ScanIssue(.warning, input: directory, message: "nested more than 512 levels deep; not descended"))
            return
        }
        guard let handle = opendir(directory) else {
            result.issues.append(ScanIssue(.error, input: directory,
                                           message: "cannot open directory: \(String(cString: strerror(errno)))"))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(handle)
        names.sort()

        let pushed = options.respectGitignore && ignores.push(directory: relative, file: directory + "/.gitignore")
        defer { if pushed { ignores.pop() } }

        for name in names {
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                result.issues.append(ScanIssue(.error, input: display(relativePath, displayPrefix),
                                               message: "cannot read: \(String(cString: strerror(errno)))"))
                continue
            }
            let type = info.st_mode & S_IFMT
            let isDirectory = type == S_IFDIR
            if isDirectory, options.skipGitDirectories, name == ".git" { continue }
            if options.excludes.contains(where: { $0.matches(relativePath) }) {
                if !isDirectory { result.excludedFiles += 1 }
                continue
            }
            if options.respectGitignore, ignores.isIgnored(relativePath, isDirectory: isDirectory) { continue }
            switch type {
            case S_IFDIR:
                walkDirectory(path, relative: relativePath, displayPrefix: displayPrefix, ignores: &ignores,
                              depth: depth + 1, into: &result)
            case S_IFREG:
                add(path: path, display: display(relativePath, displayPrefix), size: Int(info.st_size), into: &result)
            case S_IFLNK:
                result.symlinksSkipped += 1
            default:
                result.specialFilesSkipped += 1
            }
        }
    }

    private func add(path: String, display: String, size: Int, into result: inout FileWalkResult) {
        if size > options.maxFileSize {
            result.tooLargeFiles += 1
            result.issues.append(ScanIssue(.note, input: display,
                                           message: "skipped: \(size) bytes is over --max-file-size (\(options.maxFileSize))"))
            return
        }
        result.files.append(WalkedFile(path: path, displayPath: display, size: size))
    }

    private func display(_ relative: String, _ prefix: String) -> String {
        prefix.isEmpty ? relative : prefix + "/" + relative
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
