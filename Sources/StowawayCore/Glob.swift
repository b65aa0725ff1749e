/// Gitignore-style path globs: `*` and `?` stay within a path segment, `**` crosses segments, `[…]` classes.
/// A glob without a slash matches the last path segment anywhere (`*.pem`); one with a slash matches from the root
/// (`docs/*.md`), and a leading `**/` matches at any depth. Hand-written because fnmatch(3) has no `**`.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let segments: [String]
    private let matchesBasenameOnly: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        if text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasSuffix("/") { text.removeLast() }
        matchesBasenameOnly = !text.contains("/")
        if text.hasPrefix("/") { text.removeFirst() }
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    public var description: String { pattern }

    /// `path` is relative, with `/` separators. A glob also matches everything below a matching directory.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        let globParts = segments.map { Array($0.utf8) }
        if matchesBasenameOnly {
            guard let only = globParts.first else { return false }
            return parts.contains { Self.matchSegment(only[...], $0[...]) }
        }
        // Prefix match: a directory glob matches the files inside it.
        for length in stride(from: parts.count, through: 1, by: -1) where Self.match(globParts[...], parts[..<length]) {
            return true
        }
        return false
    }

    /// Matches the whole path only (no "files below a matching directory"): for walks that prune directories.
    public func matchesExactly(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        let globParts = segments.map { Array($0.utf8) }
        if matchesBasenameOnly {
            guard let only = globParts.first, let last = parts.last else { return false }
            return Self.matchSegment(only[...], last[...])
        }
        return Self.match(globParts[...], parts[...])
    }

    private static func match(_ glob: ArraySlice<[UInt8]>, _ path: ArraySlice<[UInt8]>) -> Bool {
        guard let first = glob.first else { return path.isEmpty }
        if first == Array("**".utf8) {
            let rest = glob.dropFirst()
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first[...], segment[...]) else { return false }
        return match(glob.dropFirst(), path.dropFirst())
    }

    /// Matches one segment: `*`, `?`, `[a-z]`, `[!x]`, `\` escapes.
    static func matchSegment(_ glob: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
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
