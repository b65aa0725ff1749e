import StowawayCore

/// `.dockerignore` (or `.gitignore`) rules: the last matching pattern wins, `!` re-includes, and a pattern that
/// matches a folder excludes everything below it.
public struct IgnorePatterns: Sendable {
    struct Pattern: Sendable {
        var glob: Glob
        var negated: Bool
    }

    var patterns: [Pattern]

    /// `.dockerignore` patterns are relative to the context root (`*.pem` matches only at the root, `**/*.pem`
    /// anywhere), as moby/patternmatcher reads them.
    public init(dockerignore text: String) {
        patterns = Self.lines(text).map { line, negated in
            var pattern = line
            while pattern.hasPrefix("/") || pattern.hasPrefix("./") { pattern.removeFirst(pattern.hasPrefix("/") ? 1 : 2) }
            return Pattern(glob: Glob("/" + pattern), negated: negated)
        }
    }

    /// `.gitignore` patterns: one without a slash matches a name at any depth.
    public init(gitignore text: String) {
        patterns = Self.lines(text).map { Pattern(glob: Glob($0.0), negated: $0.1) }
    }

    /// True when `path` (relative to the folder holding the ignore file) is excluded.
    public func excludes(_ path: String) -> Bool {
        var excluded = false
        for pattern in patterns where pattern.glob.matches(path) { excluded = !pattern.negated }
        return excluded
    }

    static func lines(_ text: String) -> [(String, Bool)] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { raw in
            var line = String(raw).trimmingCharacters(in: " \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let negated = line.hasPrefix("!")
            if negated { line.removeFirst() }
            guard !line.isEmpty else { return nil }
            return (line, negated)
        }
    }
}
