import CGit2
import Foundation

/// A blob whose content at `path` differs from what every parent commit had there.
public struct ChangedBlob: Sendable {
    public let path: String
    public let blob: ObjectID
    /// The blobs the parents had at that path (empty when the path is new to all of them).
    public let parentBlobs: [ObjectID]
}

/// Walks trees the way a history scan needs: what each commit changed relative to its parents (subtrees identical to
/// a parent's are skipped by id, so a commit costs only what it touched), what it removed, and single lookups.
/// Uses its repository's handle: one walker per thread.
public final class TreeWalker {
    let repository: GitRepository
    /// Trees that could not be read, with libgit2's reason (a partial clone's missing tree, a corrupt object).
    public private(set) var failures: [ObjectID: GitFailure] = [:]
    /// Submodule paths met (gitlinks are recorded, not followed: their commits live in another repository).
    public private(set) var submodulePaths = Set<String>()

    public init(repository: GitRepository) {
        self.repository = repository
    }

    /// A loaded tree, freed with the wrapper.
    final class Tree {
        let pointer: OpaquePointer

        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { git_tree_free(pointer) }

        var count: Int { git_tree_entrycount(pointer) }
        func entry(_ index: Int) -> OpaquePointer { git_tree_entry_byindex(pointer, index)! }
        func entry(named name: UnsafePointer<CChar>) -> OpaquePointer? { git_tree_entry_byname(pointer, name) }
    }

    func load(_ id: ObjectID) -> Tree? {
        if failures[id] != nil { return nil }
        var oid = id.oid
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, repository.handle, &oid)
        guard code == 0, let tree else {
            failures[id] = GitFailure(code: code)
            return nil
        }
        return Tree(tree)
    }

    private func load(_ pointer: UnsafePointer<git_oid>) -> Tree? { load(ObjectID(pointer)) }

    private static func same(_ left: UnsafePointer<git_oid>, _ right: UnsafePointer<git_oid>) -> Bool {
        memcmp(left, right, 20) == 0
    }

    private static func name(_ entry: OpaquePointer) -> String { String(cString: git_tree_entry_name(entry)) }

    // MARK: - Changes

    /// Calls `visit` for every blob in `tree` that differs from the blob at the same path in every parent tree
    /// (`nil` parents stand for a parent whose tree is unknown: everything counts as new against it).
    public func forEachChangedBlob(tree: ObjectID, parents: [ObjectID?], _ visit: (ChangedBlob) -> Void) {
        guard let root = load(tree) else { return }
        if parents.contains(where: { $0 == tree }) { return }
        let parentTrees = parents.compactMap { $0.flatMap(load) }
        changed(root, parentTrees, prefix: "", visit)
    }

    private func changed(_ tree: Tree, _ parents: [Tree], prefix: String, _ visit: (ChangedBlob) -> Void) {
        if parents.count == 1 {
            changed(tree, parents[0], prefix: prefix, visit)
            return
        }
        for index in 0..<tree.count {
            let entry = tree.entry(index)
            let name = git_tree_entry_name(entry)!
            let matches = parents.map { $0.entry(named: name) }
            // Identical to some parent's entry: nothing below is new (for a merge, it came from that parent).
            if matches.contains(where: { $0.map { Self.same(git_tree_entry_id($0)!, git_tree_entry_id(entry)!) } ?? false }) {
                continue
            }
            changed(entry, matches.compactMap { $0 }, prefix: prefix, visit)
        }
    }

    /// The common case, one parent: both entry lists are sorted the same way, so they are merged in one pass
    /// instead of looking each name up.
    private func changed(_ tree: Tree, _ parent: Tree, prefix: String, _ visit: (ChangedBlob) -> Void) {
        let parentCount = parent.count
        var parentIndex = 0
        for index in 0..<tree.count {
            let entry = tree.entry(index)
            var match: OpaquePointer?
            while parentIndex < parentCount {
                let candidate = parent.entry(parentIndex)
                let order = git_tree_entry_cmp(entry, candidate)
                if order > 0 {
                    parentIndex += 1
                    continue
                }
                if order == 0 {
                    match = candidate
                    parentIndex += 1
                }
                break
            }
            if let match, Self.same(git_tree_entry_id(match)!, git_tree_entry_id(entry)!) { continue }
            changed(entry, match.map { [$0] } ?? [], prefix: prefix, visit)
        }
    }

    /// One entry that differs from every parent's entry of the same name (`parentEntries`).
    private func changed(_ entry: OpaquePointer, _ parentEntries: [OpaquePointer], prefix: String,
                         _ visit: (ChangedBlob) -> Void) {
        let id = git_tree_entry_id(entry)!
        let name = git_tree_entry_name(entry)!
        switch git_tree_entry_type(entry) {
        case GIT_OBJECT_BLOB:
            let parentBlobs = parentEntries.compactMap { other -> ObjectID? in
                git_tree_entry_type(other) == GIT_OBJECT_BLOB ? ObjectID(git_tree_entry_id(other)!) : nil
            }
            visit(ChangedBlob(path: prefix + String(cString: name), blob: ObjectID(id), parentBlobs: parentBlobs))
        case GIT_OBJECT_TREE:
            guard let subtree = load(id) else { return }
            let parentSubtrees = parentEntries.compactMap { other -> Tree? in
                git_tree_entry_type(other) == GIT_OBJECT_TREE ? load(git_tree_entry_id(other)!) : nil
            }
            changed(subtree, parentSubtrees, prefix: prefix + String(cString: name) + "/", visit)
        case GIT_OBJECT_COMMIT:
            submodulePaths.insert(prefix + String(cString: name))
        default:
            return
        }
    }

    /// Calls `visit` with each blob some parent had at a path where `tree` now has a different blob or nothing: the
    /// places a secret can have moved from (a rename, or a move between files).
    public func forEachReplacedBlob(tree: ObjectID, parents: [ObjectID], _ visit: (String, ObjectID) -> Void) {
        guard let root = load(tree) else { return }
        for parent in parents where parent != tree {
            guard let parentTree = load(parent) else { continue }
            replaced(parentTree, by: root, prefix: "", visit)
        }
    }

    private func replaced(_ parent: Tree, by child: Tree?, prefix: String, _ visit: (String, ObjectID) -> Void) {
        for index in 0..<parent.count {
            let entry = parent.entry(index)
            let id = git_tree_entry_id(entry)!
            let name = git_tree_entry_name(entry)!
            let other = child?.entry(named: name)
            if let other, Self.same(git_tree_entry_id(other)!, id) { continue }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_BLOB:
                visit(prefix + String(cString: name), ObjectID(id))
            case GIT_OBJECT_TREE:
                guard let subtree = load(id) else { continue }
                let childSubtree = other.flatMap { git_tree_entry_type($0) == GIT_OBJECT_TREE ? load(git_tree_entry_id($0)!) : nil }
                replaced(subtree, by: childSubtree, prefix: prefix + String(cString: name) + "/", visit)
            default:
                continue
            }
        }
    }

    // MARK: - Whole trees and lookups

    /// Calls `visit` with every blob in `tree` and its path.
    public func forEachBlob(tree: ObjectID, _ visit: (String, ObjectID) -> Void) {
        guard let root = load(tree) else { return }
        all(root, prefix: "", visit)
    }

    private func all(_ tree: Tree, prefix: String, _ visit: (String, ObjectID) -> Void) {
        for index in 0..<tree.count {
            let entry = tree.entry(index)
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_BLOB:
                visit(prefix + Self.name(entry), ObjectID(git_tree_entry_id(entry)!))
            case GIT_OBJECT_TREE:
                if let subtree = load(git_tree_entry_id(entry)!) { all(subtree, prefix: prefix + Self.name(entry) + "/", visit) }
            default:
                continue
            }
        }
    }

    /// The blob at `path` in `tree`, if there is one.
    public func blob(at path: String, in tree: ObjectID) -> ObjectID? {
        guard let root = load(tree) else { return nil }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, root.pointer, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return ObjectID(git_tree_entry_id(entry)!)
    }
}
