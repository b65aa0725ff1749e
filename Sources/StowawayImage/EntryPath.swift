/// A tar entry name made comparable across layers: `./etc/x`, `/etc/x` and `etc//x` all name `etc/x`, the file a
/// container sees. `..` is resolved the way runtimes do, never above the root.
struct EntryPath: Sendable, Hashable {
    /// The name as stored in the archive.
    let raw: String
    /// Slash-separated components without `.`, `..` or empty ones; "" is the root.
    let normalized: String
    /// Absolute, or with `..` components: harmless here (nothing is extracted) but worth a warning.
    let isUnusual: Bool

    init(_ raw: String) {
        self.raw = raw
        var components: [Substring] = []
        var climbs = false
        for component in raw.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                climbs = true
                if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        normalized = components.joined(separator: "/")
        isUnusual = climbs || raw.hasPrefix("/")
    }

    /// How the entry is named in reports: the layer path, or the stored name when it is unusual so the user sees
    /// exactly what the archive holds.
    var display: String { isUnusual ? raw : normalized }

    /// Every proper ancestor directory, nearest last: `a/b/c` → ["", "a", "a/b"].
    var ancestors: [String] { Self.ancestors(of: normalized) }

    static func ancestors(of path: String) -> [String] {
        var result = [""]
        var current = ""
        let parts = path.split(separator: "/")
        for part in parts.dropLast() {
            current = current.isEmpty ? String(part) : current + "/" + part
            result.append(current)
        }
        return result
    }

    /// The whiteout this entry stands for, if its name is one (`.wh.<name>` or the opaque marker `.wh..wh..opq`).
    var whiteout: Whiteout? {
        let parts = normalized.split(separator: "/")
        guard let last = parts.last, last.hasPrefix(".wh.") else { return nil }
        let directory = parts.dropLast().joined(separator: "/")
        if last == ".wh..wh..opq" { return .opaque(directory: directory) }
        let name = last.dropFirst(4)
        guard !name.isEmpty else { return nil }
        return .deleted(path: directory.isEmpty ? String(name) : directory + "/" + name)
    }

    enum Whiteout: Sendable, Equatable {
        /// Everything lower layers put in this directory is hidden.
        case opaque(directory: String)
        /// This path (and all below it) from lower layers is deleted.
        case deleted(path: String)
    }
}
