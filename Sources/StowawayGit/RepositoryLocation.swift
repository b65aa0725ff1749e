/// Where a repository lives: a plain value any thread can use to open its own `GitRepository`.
public struct RepositoryLocation: Sendable {
    /// The path the repository was opened from, absolute; workers reopen it the same way.
    public let openedPath: String
    /// The repository's own Git directory (`.git`, a bare repository, or `.git/worktrees/NAME` for a linked worktree).
    public let gitDirectory: String
    /// Where objects and shared refs live (differs from `gitDirectory` in a linked worktree).
    public let commonDirectory: String
    /// The checked-out tree; nil for a bare repository.
    public let workingDirectory: String?
    public let isBare: Bool
    /// A shallow clone: some commits' parents were never fetched.
    public let isShallow: Bool
}
