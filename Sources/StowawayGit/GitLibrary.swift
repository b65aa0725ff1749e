import CGit2

/// libgit2's process-wide state: initialised once, before any worker opens a repository (libgit2 requires it).
public enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        // A scan reads every object once; checking each hash costs time and a damaged object fails to inflate anyway.
        _ = cgit2_set_strict_hash_verification(0)
        _ = cgit2_set_owner_validation(0)
        // The history walk keeps the trees it re-reads in its own cache (TreeCache): libgit2's keeps only small
        // trees (its default), which spares it storing and evicting every large one a second time.
        _ = cgit2_set_cache_max_size(16 << 20)
        return true
    }()

    public static func initialize() { _ = initialized }
}
