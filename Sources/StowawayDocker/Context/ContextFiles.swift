/// Which files a build context holds, by path relative to its folder: the only question the checks ask of a context's
/// full listing. A tree scan answers it from its walk index without copying the listing (a context can hold tens of
/// thousands of files, and every Dockerfile folder has one); tests and `BuildContext.load` use a set.
public struct ContextFiles: Sendable {
    private let membership: @Sendable (String) -> Bool

    public init(_ paths: Set<String>) {
        membership = { paths.contains($0) }
    }

    /// Files known by a lookup (relative path → member).
    public init(lookup: @escaping @Sendable (String) -> Bool) {
        membership = lookup
    }

    public func contains(_ relativePath: String) -> Bool { membership(relativePath) }
}
