/// Gitignore-style path globs: `*` and `?` stay within a path segment, `**` crosses segments, `[…]` classes.
/// A glob without a slash matches the last path segment anywhere (`*.pem`); one with a slash matches from the root
/// (`docs/*.md`), and a leading `**/` matches at any depth. Hand-written because fnmatch(3) has no `**`.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    /// The glob's segments as bytes, made once: matching runs per file and per candidate, and must not allocate them.
    private let segments: [[UInt8]]
    let matchesBasenameOnly: Bool
    /// For a basename glob: the literal text every matching name ends with (`.tf` of `*.tf`), checked before the
    /// wildcard matcher so most names are rejected in a few byte comparisons.
    let requiredSuffix: [UInt8]

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        if text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasSuffix("/") { text.removeLast() }
        if text.hasPrefix("**/"), !text.dropFirst(3).contains("/") {
            // `**/name` is `name` at any depth: matched per segment instead of trying every split of the path.
            text.removeFirst(3)
        }
        matchesBasenameOnly = !text.contains("/")
        if text.hasPrefix("/") { text.removeFirst() }
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        let special: Set<UInt8> = [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\")]
        requiredSuffix = matchesBasenameOnly ? Array((segments.first ?? []).reversed().prefix { !special.contains($0) }.reversed()) : []
    }

    private func endsWithRequiredSuffix(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard text.count >= requiredSuffix.count else { return false }
        var index = text.endIndex - requiredSuffix.count
        for byte in requiredSuffix {
            if text.base[index] != byte { return false }
            index += 1
        }
        return true
    }

    public var description: String { pattern }

    /// `path` is relative, with `/` separators. A glob also matches everything below a matching directory.
    public func matches(_ path: String) -> Bool {
        Self.withSegments(of: path) { bytes, parts in matches(bytes: bytes, parts: parts) }
    }

    /// Whether any of `globs` matches `path`, splitting the path once for all of them.
    public static func anyMatches(_ globs: [Glob], _ path: String) -> Bool {
        guard !globs.isEmpty else { return false }
        return withSegments(of: path) { bytes, parts in globs.contains { $0.matches(bytes: bytes, parts: parts) } }
    }

    private func matches(bytes: UnsafeBufferPointer<UInt8>, parts: UnsafeBufferPointer<Range<Int>>) -> Bool {
        if matchesBasenameOnly {
            guard let only = segments.first else { return false }
            return parts.contains { endsWithRequiredSuffix(bytes[$0]) && Self.matchSegment(only[...], bytes[$0]) }
        }
        // Prefix match: a directory glob matches the files inside it.
        for length in stride(from: parts.count, through: 1, by: -1)
        where match(segment: 0, bytes: bytes, parts: parts, from: 0, to: length) {
            return true
        }
        return false
    }

    /// Matches the whole path only (no "files below a matching directory"): for walks that prune directories.
    public func matchesExactly(_ path: String) -> Bool {
        Self.withSegments(of: path) { bytes, parts in
            if matchesBasenameOnly {
                guard let only = segments.first, let last = parts.last else { return false }
                return endsWithRequiredSuffix(bytes[last]) && Self.matchSegment(only[...], bytes[last])
            }
            return match(segment: 0, bytes: bytes, parts: parts, from: 0, to: parts.count)
        }
    }

    /// The path's bytes without copying a native string, and the byte range of each non-empty segment (on the
    /// stack: this runs for every file).
    private static func withSegments(of path: String,
                                     _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) -> Bool) -> Bool {
        let run = { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            var slashes = 0
            for byte in bytes where byte == UInt8(ascii: "/") { slashes += 1 }
            return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: slashes + 1) { storage in
                var count = 0
                var start = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                    if index > start {
                        (storage.baseAddress! + count).initialize(to: start..<index)
                        count += 1
                    }
                    start = index + 1
                }
                return body(bytes, UnsafeBufferPointer(rebasing: storage[..<count]))
            }
        }
        if let result = path.utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(path.utf8).withUnsafeBufferPointer(run)
    }

    private static let doubleStar = Array("**".utf8)

    /// Whether glob segments `segment...` match path segments `from..<to`.
    private func match(segment: Int, bytes: UnsafeBufferPointer<UInt8>, parts: UnsafeBufferPointer<Range<Int>>,
                       from: Int, to: Int) -> Bool {
        guard segment < segments.count else { return from == to }
        let glob = segments[segment]
        if glob == Self.doubleStar {
            for start in from...to where match(segment: segment + 1, bytes: bytes, parts: parts, from: start, to: to) {
                return true
            }
            return false
        }
        guard from < to, Self.matchSegment(glob[...], bytes[parts[from]]) else { return false }
        return match(segment: segment + 1, bytes: bytes, parts: parts, from: from + 1, to: to)
    }

    /// Matches one segment: `*`, `?`, `[a-z]`, `[!x]`, `\` escapes.
    static func matchSegment(_ glob: ArraySlice<UInt8>, _ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var g = glob.startIndex
        var t = text.startIndex
        var starGlob: Int? = nil
        var starText = 0
        while t < text.endIndex {
            if g < glob.endIndex {
                let c = glob[g]
                if c == UInt8(ascii: "*") {
                    starGlob = g
                    starText = t
                    g += 1
                    continue
                }
                if c == UInt8(ascii: "?") {
                    g += 1
                    t += 1
                    continue
                }
                if c == UInt8(ascii: "["), let (matched, next) = matchClass(glob, g, text[t]) {
                    if matched {
                        g = next
                        t += 1
                        continue
                    }
                } else {
                    var literal = c
                    var next = g + 1
                    if c == UInt8(ascii: "\\"), next < glob.endIndex {
                        literal = glob[next]
                        next += 1
                    }
                    if literal == text[t] {
                        g = next
                        t += 1
                        continue
                    }
                }
            }
            guard let star = starGlob else { return false }
            g = star + 1
            starText += 1
            t = starText
        }
        while g < glob.endIndex, glob[g] == UInt8(ascii: "*") { g += 1 }
        return g == glob.endIndex
    }

    /// Returns whether `byte` is in the class starting at `start` (`[`) and the index after the class, or nil if the
    /// class is not closed (then `[` is a literal).
    private static func matchClass(_ glob: ArraySlice<UInt8>, _ start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var index = start + 1
        var negate = false
        if index < glob.endIndex, glob[index] == UInt8(ascii: "!") || glob[index] == UInt8(ascii: "^") {
            negate = true
            index += 1
        }
        var matched = false
        var first = true
        while index < glob.endIndex {
            let c = glob[index]
            if c == UInt8(ascii: "]"), !first { return (matched != negate, index + 1) }
            first = false
            if index + 2 < glob.endIndex, glob[index + 1] == UInt8(ascii: "-"), glob[index + 2] != UInt8(ascii: "]") {
                if byte >= c && byte <= glob[index + 2] { matched = true }
                index += 3
            } else {
                if byte == c { matched = true }
                index += 1
            }
        }
        return nil
    }
}
