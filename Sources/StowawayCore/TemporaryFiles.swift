#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Temporary files that still have a name on disk (a compiled-rule cache entry being written). The interrupt handler
/// removes them, so Ctrl-C leaves nothing behind. Spools of scanned data never appear here: they are unlinked as
/// soon as they are created and vanish with the process however it ends.
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    public static func register(_ path: String) { _ = paths.withLock { $0.insert(path) } }

    public static func unregister(_ path: String) { _ = paths.withLock { $0.remove(path) } }

    /// Removes every registered file; called on an interrupt, just before exiting.
    public static func removeAll() {
        for path in paths.withLock({ $0 }) { _ = unlink(path) }
    }
}
