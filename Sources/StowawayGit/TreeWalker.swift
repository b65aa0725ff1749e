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
    private let cache: TreeCache

    /// Trees kept for the next commits' diffs. On trufflehog (18,301 commits, 490k tree reads of 85k trees) a replay
    /// of the reads gives 116k misses at 8 MiB of tree bytes, 103k at 16 MiB and 92k at 32 MiB. Several walkers run
    /// at once and the places walk sets the scan's peak memory, so each keeps 16 MiB (bytes and entry indexes).
    public static let defaultCacheBudget = 16 << 20

    public init(repository: GitRepository, cacheBudget: Int = TreeWalker.defaultCacheBudget) {
        self.repository = repository
        cache = TreeCache(budget: cacheBudget)
    }

    /// A tree, from the cache or read raw from the object database. Anything the raw reader declines (not a tree,
    /// unreadable, an encoding only libgit2 decides) goes through `git_tree_lookup`, whose verdict and message count.
    /// `recordingFailure`: false for lookups whose failures were never reported (below the root of a path lookup).
    func load(_ id: ObjectID, recordingFailure: Bool = true) -> RawTree? {
        if let cached = cache[id] { return cached }
        if failures[id] != nil { return nil }
        var oid = id.oid
        var object: OpaquePointer?
        if git_odb_read(&object, repository.odb, &oid) == 0, let object, let tree = RawTree(odbObject: object) {
            cache.insert(tree, for: id)
            return tree
        }
        var parsed: OpaquePointer?
        let code = git_tree_lookup(&parsed, repository.handle, &oid)
        guard code == 0, let parsed else {
            if recordingFailure { failures[id] = GitFailure(code: code) }
            return nil
        }
        defer { git_tree_free(parsed) }
        guard let tree = RawTree(libgit2Tree: parsed) else { return nil }
        cache.insert(tree, for: id)
        return tree
    }

    // MARK: - Changes

    /// Calls `visit` for every blob in `tree` that differs from the blob at the same path in every parent tree
    /// (`nil` parents stand for a parent whose tree is unknown: everything counts as new against it).
    public func forEachChangedBlob(tree: ObjectID, parents: [ObjectID?], _ visit: (ChangedBlob) -> Void) {
        guard let root = load(tree) else { return }
        if parents.contains(where: { $0 == tree }) { return }
        let parentTrees = parents.compactMap { $0.flatMap { load($0) } }
        changed(root, parentTrees, prefix: "", visit)
    }

    private func changed(_ tree: RawTree, _ parents: [RawTree], prefix: String, _ visit: (ChangedBlob) -> Void) {
        if parents.count == 1 {
            changed(tree, parents[0], prefix: prefix, visit)
            return
        }
        if tree.isCanonical && parents.allSatisfy(\.isCanonical) {
            changedSorted(tree, parents, prefix: prefix, visit)
            return
        }
        for entry in tree.entries {
            // Identical to some parent's entry of that name: nothing below is new (for a merge, it came from that
            // parent). Names are looked up the way libgit2's git_tree_entry_byname does.
            var identical = false
            for parent in parents {
                if let match = parent.entry(namedLike: tree, entry), tree.sameID(entry, parent, match) {
                    identical = true
                    break
                }
            }
            if identical { continue }
            let matches = parents.compactMap { parent in parent.entry(namedLike: tree, entry).map { (parent, $0) } }
            changed(entry, of: tree, matches, prefix: prefix, visit)
        }
    }

    /// A merge (or a root commit) over canonical trees: one sorted merge per parent finds each entry's namesake,
    /// the one `git_tree_entry_byname` would; a name the merges miss is looked up (a file that became a directory).
    private func changedSorted(_ tree: RawTree, _ parents: [RawTree], prefix: String, _ visit: (ChangedBlob) -> Void) {
        var cursors = [Int](repeating: 0, count: parents.count)
        var found = [RawTree.Entry?](repeating: nil, count: parents.count)
        for entry in tree.entries {
            var identical = false
            for (number, parent) in parents.enumerated() {
                let parentEntries = parent.entries
                var match: RawTree.Entry?
                while cursors[number] < parentEntries.count {
                    let candidate = parentEntries[cursors[number]]
                    let order = tree.compare(entry, parent, candidate)
                    if order > 0 {
                        cursors[number] += 1
                        continue
                    }
                    if order == 0 {
                        match = candidate
                        cursors[number] += 1
                    }
                    break
                }
                if match == nil { match = parent.entry(namedLike: tree, entry) }
                found[number] = match
                if let match, tree.sameID(entry, parent, match) { identical = true }
            }
            if identical { continue }
            var matches: [(RawTree, RawTree.Entry)] = []
            for (number, parent) in parents.enumerated() {
                if let match = found[number] { matches.append((parent, match)) }
            }
            changed(entry, of: tree, matches, prefix: prefix, visit)
        }
    }

    /// The common case, one parent: both entry lists are sorted the same way, so they are merged in one pass
    /// instead of looking each name up.
    private func changed(_ tree: RawTree, _ parent: RawTree, prefix: String, _ visit: (ChangedBlob) -> Void) {
        let entries = tree.entries
        let parentEntries = parent.entries
        let parentCount = parentEntries.count
        // A commit changes a few entries of a large directory: the runs of identical bytes before and after them
        // are skipped without comparing entries (the merge below would pair them one to one and skip each).
        var index = tree.sharedLeadingEntries(with: parent)
        var parentIndex = index
        let tail = tree.sharedTail(with: parent)
        while index < entries.count {
            if let tail, index == tail.0, parentIndex == tail.1 { return }
            let entry = entries[index]
            index += 1
            var match: RawTree.Entry?
            while parentIndex < parentCount {
                let candidate = parentEntries[parentIndex]
                let order = tree.compare(entry, parent, candidate)
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
            if let match, tree.sameID(entry, parent, match) { continue }
            changed(entry, of: tree, match.map { [(parent, $0)] } ?? [], prefix: prefix, visit)
        }
    }

    /// One entry that differs from every parent's entry of the same name (`parentEntries`).
    private func changed(_ entry: RawTree.Entry, of tree: RawTree, _ parentEntries: [(RawTree, RawTree.Entry)],
                         prefix: String, _ visit: (ChangedBlob) -> Void) {
        if entry.isBlob {
            let parentBlobs = parentEntries.compactMap { parent, other in other.isBlob ? parent.id(other) : nil }
            visit(ChangedBlob(path: prefix + tree.nameString(entry), blob: tree.id(entry), parentBlobs: parentBlobs))
        } else if entry.isTree {
            guard let subtree = load(tree.id(entry)) else { return }
            let parentSubtrees = parentEntries.compactMap { parent, other in other.isTree ? load(parent.id(other)) : nil }
            changed(subtree, parentSubtrees, prefix: prefix + tree.nameString(entry) + "/", visit)
        } else {
            submodulePaths.insert(prefix + tree.nameString(entry))
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

    private func replaced(_ parent: RawTree, by child: RawTree?, prefix: String, _ visit: (String, ObjectID) -> Void) {
        for entry in parent.entries {
            let other = child?.entry(namedLike: parent, entry)
            if let child, let other, child.sameID(other, parent, entry) { continue }
            if entry.isBlob {
                visit(prefix + parent.nameString(entry), parent.id(entry))
            } else if entry.isTree {
                guard let subtree = load(parent.id(entry)) else { continue }
                let childSubtree = other.flatMap { other in other.isTree ? child.flatMap { load($0.id(other)) } : nil }
                replaced(subtree, by: childSubtree, prefix: prefix + parent.nameString(entry) + "/", visit)
            }
        }
    }

    // MARK: - Whole trees and lookups

    /// Calls `visit` with every blob in `tree` and its path.
    public func forEachBlob(tree: ObjectID, _ visit: (String, ObjectID) -> Void) {
        guard let root = load(tree) else { return }
        all(root, prefix: "", visit)
    }

    private func all(_ tree: RawTree, prefix: String, _ visit: (String, ObjectID) -> Void) {
        for entry in tree.entries {
            if entry.isBlob {
                visit(prefix + tree.nameString(entry), tree.id(entry))
            } else if entry.isTree, let subtree = load(tree.id(entry)) {
                all(subtree, prefix: prefix + tree.nameString(entry) + "/", visit)
            }
        }
    }

    /// The blob at `path` in `tree`, if there is one (resolved like libgit2's `git_tree_entry_bypath`).
    public func blob(at path: String, in tree: ObjectID) -> ObjectID? {
        guard let root = load(tree) else { return nil }
        var bytes = Array(path.utf8)
        // A C string ends at its first NUL.
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        return bytes.withUnsafeBufferPointer { buffer -> ObjectID? in
            guard let (owner, entry) = entry(atPath: buffer, from: 0, in: root), entry.isBlob else { return nil }
            return owner.id(entry)
        }
    }

    private func entry(atPath path: UnsafeBufferPointer<UInt8>, from start: Int, in tree: RawTree)
        -> (RawTree, RawTree.Entry)?
    {
        var end = start
        while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
        guard end > start, let entry = tree.entry(named: path.baseAddress! + start, length: end - start) else { return nil }
        guard end < path.count else { return (tree, entry) }
        // More components follow: this one must be a directory (a trailing slash names the directory itself).
        guard entry.isTree else { return nil }
        if end + 1 == path.count { return (tree, entry) }
        guard let subtree = load(tree.id(entry), recordingFailure: false) else { return nil }
        return self.entry(atPath: path, from: end + 1, in: subtree)
    }
}
