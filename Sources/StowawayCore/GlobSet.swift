#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several globs asked together whether any matches a path: the per-file test of path-scoped rules. When every glob
/// matches names by a literal ending (`**/*.tf`, `**/.pgpass`), one pass over the path's bytes looking for those
/// endings at segment ends rules out nearly every path before any glob runs (running the globs on every file of a
/// tree cost 4 % of its instructions).
public struct GlobSet: Sendable {
    public let globs: [Glob]
    /// The literal endings of the globs, or nil when some glob has none (then every path runs the globs).
    private let endings: [[UInt8]]?

    public init(_ globs: [Glob]) {
        self.globs = globs
        let endings = globs.map { $0.matchesBasenameOnly ? $0.requiredSuffix : [] }
        self.endings = endings.contains(where: \.isEmpty) ? nil : endings
    }

    public var isEmpty: Bool { globs.isEmpty }

    public func matchesAny(_ path: String) -> Bool {
        guard !globs.isEmpty else { return false }
        if let endings, !Self.someSegmentEnds(path, withAnyOf: endings) { return false }
        return Glob.anyMatches(globs, path)
    }

    /// Whether a segment of `path` (a folder or the file name) ends with one of `endings` (which hold no `/`).
    static func someSegmentEnds(_ path: String, withAnyOf endings: [[UInt8]]) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            var start = 0
            while start < bytes.count {
                // The next segment end: a slash found by memchr, or the end of the path.
                let end = memchr(base + start, Int32(UInt8(ascii: "/")), bytes.count - start)
                    .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
                if end > start, endsWithAny(bytes, end, endings) { return true }
                start = end + 1
            }
            return false
        }
    }

    private static func endsWithAny(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, _ endings: [[UInt8]]) -> Bool {
        for ending in endings where ending.count <= end && bytes[end - 1] == ending[ending.count - 1] {
            if memcmp(bytes.baseAddress! + end - ending.count, ending, ending.count) == 0 { return true }
        }
        return false
    }
}
