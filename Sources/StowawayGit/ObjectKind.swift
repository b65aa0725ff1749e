import CGit2

/// The four kinds of Git object.
public enum ObjectKind: Sendable, Equatable {
    case commit, tree, blob, tag, other

    init(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: self = .other
        }
    }
}
