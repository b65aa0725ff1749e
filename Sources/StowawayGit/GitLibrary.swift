import CGit2

/// libgit2's process-wide state: initialised once, before any worker opens a repository (libgit2 requires it).
public enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        // A scan reads every object once; checking each hash costs time and a damaged object fails to inflate anyway.
        _ = cgit2_set_strict_hash_verification(0)
        _ = cgit2_set_owner_validation(0)
        // The diff of each commit re-reads its parent's trees: keep trees of any size in the cache. Walking in
        // topological order keeps the working set small; 16 MiB per handle measured as fast as 96 MiB.
        _ = cgit2_set_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
        _ = cgit2_set_cache_max_size(16 << 20)
        return true
    }()

    public static func initialize() { _ = initialized }
}
