import Foundation
import StowawayCore

/// What `docker build` would send from a Dockerfile's folder: the files (paths relative to the folder), which of them
/// hold credentials, and the ignore files that decide what is excluded. Compose checks use the same listing to tell
/// whether a secret's `file:` is part of the repository.
public struct BuildContext: Sendable {
    /// Every file found (relative paths), up to `limit`.
    public var files: ContextFiles
    /// Files whose name says "credential" and whose content (when readable) confirms it, with their kind.
    public var credentialFiles: [String: String]
    /// Ignore files in the folder by name: `.dockerignore`, `Dockerfile.prod.dockerignore`, `.gitignore`.
    public var ignoreFiles: [String: String]
    /// True when the listing stopped at `limit` files (checks then say less, never more).
    public var isTruncated = false
    /// The folder on disk, when the context was read from one.
    public var directory: String?

    public static let limit = 20_000
    /// Folders never sent as context contents worth judging (VCS data, dependency trees full of test fixtures).
    static let skippedFolders: Set<String> = [".git", "node_modules", ".hg", ".svn"]

    /// An in-memory context (tests): path → contents.
    public init(files contents: [String: String]) {
        files = ContextFiles(Set(contents.keys))
        credentialFiles = [:]
        ignoreFiles = [:]
        for (path, text) in contents {
            if !path.contains("/"), path.hasSuffix("ignore") { ignoreFiles[path] = text }
            if let kind = Self.credentialKind(path: path, contents: Array(text.utf8)) { credentialFiles[path] = kind }
        }
    }

    /// A context from a listing already made (VCS and dependency folders already left out): reads only the folder's
    /// ignore files and the files whose names suggest credentials.
    public init(directory: String, listing: [(path: String, mightHoldCredential: Bool)], truncated: Bool) {
        self.init(directory: directory, files: ContextFiles(Set(listing.map(\.path))),
                  candidates: listing.filter { $0.mightHoldCredential || Self.isIgnoreFileName($0.path) }, truncated: truncated)
    }

    /// A context whose membership is known by `files` (the tree scan's walk index); `candidates` are the files to read:
    /// those whose names suggest credentials, and ignore files directly in the folder (others in the list are skipped).
    public init(directory: String, files: ContextFiles, candidates: [(path: String, mightHoldCredential: Bool)],
                truncated: Bool) {
        self.files = files
        credentialFiles = [:]
        ignoreFiles = [:]
        isTruncated = truncated
        self.directory = directory
        for (path, candidate) in candidates {
            let isIgnoreFile = Self.isIgnoreFileName(path)
            guard isIgnoreFile || candidate else { continue }
            let full = directory + "/" + path
            if isIgnoreFile, let text = try? String(contentsOfFile: full, encoding: .utf8) {
                ignoreFiles[path] = text
            }
            if candidate, let handle = FileHandle(forReadingAtPath: full) {
                let data = (try? handle.read(upToCount: 256 * 1024)) ?? nil
                try? handle.close()
                if let kind = Self.credentialKind(path: path, contents: data.map { Array($0) } ?? []) {
                    credentialFiles[path] = kind
                }
            }
        }
    }

    /// A name directly in the folder (no `/`) ending in `ignore`: `.dockerignore`, `Dockerfile.dockerignore`, `.gitignore`.
    public static func isIgnoreFileName(_ path: String) -> Bool {
        let utf8 = path.utf8
        return !utf8.contains(UInt8(ascii: "/")) && utf8.count >= 6 && utf8.suffix(6).elementsEqual("ignore".utf8)
    }

    /// Lists `directory` recursively (no symbolic links followed, VCS and dependency folders left out), then reads
    /// it as `init(directory:listing:truncated:)` does. The tree scan builds contexts from its own walk instead.
    public static func load(directory: String) -> BuildContext {
        let manager = FileManager.default
        var listing: [(path: String, mightHoldCredential: Bool)] = []
        var pending: [(String, Int)] = [("", 0)]
        while let (relative, depth) = pending.popLast() {
            let absolute = relative.isEmpty ? directory : directory + "/" + relative
            guard let names = try? manager.contentsOfDirectory(atPath: absolute) else { continue }
            for name in names.sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                guard let attributes = try? manager.attributesOfItem(atPath: absolute + "/" + name),
                      let type = attributes[.type] as? FileAttributeType else { continue }
                if type == .typeDirectory {
                    if !skippedFolders.contains(name), depth < 12 { pending.append((path, depth + 1)) }
                    continue
                }
                guard type == .typeRegular else { continue }
                guard listing.count < limit else {
                    return BuildContext(directory: directory, listing: listing, truncated: true)
                }
                listing.append((path, mightHoldCredential(path)))
            }
        }
        return BuildContext(directory: directory, listing: listing, truncated: false)
    }

    /// A file named by a COPY source that is not in the Dockerfile's folder: builds often use a parent folder as the
    /// context (`docker build -f docker/Dockerfile .`), so look up to four levels above (first 256 KiB).
    public func ancestorFile(_ relative: String) -> [UInt8]? {
        guard var folder = directory else { return nil }
        for _ in 0..<4 {
            guard let slash = folder.lastIndex(of: "/"), slash > folder.startIndex else { return nil }
            folder = String(folder[..<slash])
            guard let handle = FileHandle(forReadingAtPath: folder + "/" + relative) else { continue }
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 256 * 1024)).map { $0.map(Array.init) ?? [] } ?? []
        }
        return nil
    }

    /// The `.dockerignore` that applies to a Dockerfile: `<name>.dockerignore` next to it wins over `.dockerignore`.
    public func dockerignore(forDockerfileNamed name: String) -> IgnorePatterns? {
        if let specific = ignoreFiles[name + ".dockerignore"] { return IgnorePatterns(dockerignore: specific) }
        return ignoreFiles[".dockerignore"].map { IgnorePatterns(dockerignore: $0) }
    }

    public var gitignore: IgnorePatterns? { ignoreFiles[".gitignore"].map { IgnorePatterns(gitignore: $0) } }

    /// `.git/…`, `a/node_modules/…`: folders whose files are not judged as build context.
    public static func isUnderSkippedFolder(_ path: String) -> Bool {
        // One memchr per segment, comparing only segments of a skipped folder's length and first byte: this runs for
        // every file.
        var path = path
        return path.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            var start = 0
            while start < bytes.count {
                guard let slash = memchr(base + start, Int32(UInt8(ascii: "/")), bytes.count - start) else { return false }
                let end = base.distance(to: slash.assumingMemoryBound(to: UInt8.self))
                let length = end - start
                // Every skipped folder starts with "." or "n".
                if length >= 3, length <= 12, bytes[start] == UInt8(ascii: ".") || bytes[start] == UInt8(ascii: "n"),
                   skippedFolderBytes.contains(where: { $0.count == length && memcmp(base + start, $0, length) == 0 }) {
                    return true
                }
                start = end + 1
            }
            return false
        }
    }

    /// ".git", "node_modules", … as bytes, for the per-file check above.
    private static let skippedFolderBytes: [[UInt8]] = skippedFolders.map { Array($0.utf8) }

    public static func mightHoldCredential(_ path: String) -> Bool {
        CredentialFiles.kind(ofPath: path) != nil || hasPEMExtension(path)
    }

    /// `….pem` in any case, on bytes (this runs for every file of a tree scan).
    static func hasPEMExtension(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.count >= 4 else { return false }
            let end = bytes.count
            return bytes[end - 4] == UInt8(ascii: ".") && bytes[end - 3] | 0x20 == UInt8(ascii: "p")
                && bytes[end - 2] | 0x20 == UInt8(ascii: "e") && bytes[end - 1] | 0x20 == UInt8(ascii: "m")
        }
    }

    static func credentialKind(path: String, contents: [UInt8]) -> String? {
        if let kind = CredentialFiles.kind(ofPath: path) {
            return CredentialFiles.holdsCredential(path: path, contents: contents) ? kind : nil
        }
        return CredentialFiles.isPrivateKeyPEM(path: path, contents: contents) ? "PEM private key" : nil
    }
}
