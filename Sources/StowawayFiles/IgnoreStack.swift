#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayCore

/// `.gitignore` files met on the way down, innermost last. Later patterns win, `!` re-includes, a trailing `/`
/// matches only directories, and a pattern is relative to the folder of the file that holds it.
struct IgnoreStack {
    struct Pattern {
        var glob: Glob
        var negated: Bool
        var directoryOnly: Bool
        /// Relative folder of the ignore file.
        var base: String
    }

    private var levels: [[Pattern]] = []

    /// Reads an ignore file; returns whether a level was pushed (so the caller pops it).
    mutating func push(directory: String, file: String) -> Bool {
        guard let text = Self.read(file) else { return false }
        var patterns: [Pattern] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            while line.hasSuffix(" "), !line.hasSuffix("\\ ") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line.removeFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line.removeFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line.removeLast()
            }
            guard !line.isEmpty else { continue }
            // A pattern with a slash anywhere but the end is anchored to its folder.
            if line.contains("/"), !line.hasPrefix("/"), !line.hasPrefix("**/") { line = "/" + line }
            patterns.append(Pattern(glob: Glob(line), negated: negated, directoryOnly: directoryOnly, base: directory))
        }
        levels.append(patterns)
        return true
    }

    mutating func pop() { levels.removeLast() }

    func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for level in levels {
            for pattern in level {
                if pattern.directoryOnly, !isDirectory { continue }
                let local: String
                if pattern.base.isEmpty {
                    local = relativePath
                } else if relativePath.hasPrefix(pattern.base + "/") {
                    local = String(relativePath.dropFirst(pattern.base.count + 1))
                } else {
                    continue
                }
                if pattern.glob.matchesExactly(local) { ignored = !pattern.negated }
            }
        }
        return ignored
    }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[..<count]
            if bytes.count > 1 << 20 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
