import CGit2
import Foundation

/// A reference and what it points at.
public struct ReferenceTip: Sendable {
    /// Full name: `refs/heads/main`, `refs/tags/v1`, `refs/stash`, `refs/notes/commits`; `HEAD` when detached.
    public let name: String
    /// The object the reference names directly (a commit, or an annotated tag object).
    public let target: ObjectID
    /// The commit reached by peeling tags; nil for references to trees or blobs, or to missing objects.
    public let commit: ObjectID?
}

/// The commits one reflog has recorded (`git reflog show NAME`), which keep deleted branches' work reachable.
public struct ReflogTip: Sendable {
    /// `HEAD`, `refs/heads/feature`, `refs/stash`, `worktrees/NAME/HEAD`.
    public let name: String
    public let commits: [ObjectID]
}

/// Everything a history walk starts from: references, the checked-out commit(s) and reflogs.
public struct HistoryRoots: Sendable {
    public var references: [ReferenceTip] = []
    public var reflogs: [ReflogTip] = []
    /// The tip of the default branch (what HEAD names; `origin/HEAD` in a clone whose HEAD is unborn).
    public var defaultBranchTip: ObjectID?
    /// The branch HEAD names (`refs/heads/main`); nil when HEAD is detached or unborn.
    public var defaultBranch: String?
    /// Problems reading some reference or reflog (the rest is still used).
    public var failures: [String] = []
}

extension GitRepository {
    public func historyRoots() -> HistoryRoots {
        var roots = HistoryRoots()
        readReferences(into: &roots)
        // Opened from a linked worktree, HEAD and its reflog would be the worktree's: read the main ones from the
        // common directory (the worktree's own are read with the other worktrees).
        var main: OpaquePointer?
        if location.gitDirectory != location.commonDirectory {
            _ = git_repository_open_ext(&main, location.commonDirectory, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        }
        defer { if let main { git_repository_free(main) } }
        let primary = main ?? handle
        let head = headCommit(primary)
        roots.defaultBranchTip = head.commit ?? peeledCommit(named: "refs/remotes/origin/HEAD")
        if !head.detached { roots.defaultBranch = head.branch }
        if head.detached, let commit = head.commit {
            roots.references.append(ReferenceTip(name: "HEAD", target: commit, commit: commit))
        }
        for name in reflogNames() {
            if let commits = reflogCommits(primary, name) { roots.reflogs.append(ReflogTip(name: name, commits: commits)) }
        }
        readWorktrees(into: &roots)
        return roots
    }

    private func readReferences(into roots: inout HistoryRoots) {
        var iterator: OpaquePointer?
        guard git_reference_iterator_new(&iterator, handle) == 0, let iterator else {
            roots.failures.append("cannot list references: \(GitFailure(code: -1).message)")
            return
        }
        defer { git_reference_iterator_free(iterator) }
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            guard code == 0, let reference else {
                roots.failures.append("cannot read a reference: \(GitFailure(code: code).message)")
                break
            }
            defer { git_reference_free(reference) }
            // Symbolic references (refs/remotes/origin/HEAD) repeat a direct one.
            guard git_reference_type(reference) == GIT_REFERENCE_DIRECT, let target = git_reference_target(reference)
            else { continue }
            let name = String(cString: git_reference_name(reference))
            var commit: ObjectID?
            var peeled: OpaquePointer?
            if git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0, let peeled {
                commit = ObjectID(git_object_id(peeled))
                git_object_free(peeled)
            }
            roots.references.append(ReferenceTip(name: name, target: ObjectID(target), commit: commit))
        }
    }

    private func peeledCommit(named name: String) -> ObjectID? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, name) == 0, let reference else { return nil }
        defer { git_reference_free(reference) }
        var peeled: OpaquePointer?
        guard git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0, let peeled else { return nil }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    private func headCommit(_ repository: OpaquePointer) -> (commit: ObjectID?, branch: String?, detached: Bool) {
        var reference: OpaquePointer?
        guard git_repository_head(&reference, repository) == 0, let reference else { return (nil, nil, false) }
        defer { git_reference_free(reference) }
        let detached = git_repository_head_detached(repository) == 1
        let branch = String(cString: git_reference_name(reference))
        var peeled: OpaquePointer?
        guard git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0, let peeled else {
            return (nil, branch, detached)
        }
        defer { git_object_free(peeled) }
        return (ObjectID(git_object_id(peeled)), branch, detached)
    }

    /// Reflog files present, including those of references that no longer exist.
    private func reflogNames() -> [String] {
        let logs = location.commonDirectory + "/logs"
        var names: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: logs) else { return names }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: logs + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(relative)
            }
        }
        return names.sorted()
    }

    private func reflogCommits(_ repository: OpaquePointer, _ name: String) -> [ObjectID]? {
        var reflog: OpaquePointer?
        guard git_reflog_read(&reflog, repository, name) == 0, let reflog else { return nil }
        defer { git_reflog_free(reflog) }
        var commits: [ObjectID] = []
        var seen = Set<ObjectID>()
        for index in 0..<git_reflog_entrycount(reflog) {
            guard let entry = git_reflog_entry_byindex(reflog, index) else { continue }
            for id in [git_reflog_entry_id_new(entry), git_reflog_entry_id_old(entry)] {
                guard let id, git_oid_is_zero(id) == 0 else { continue }
                let value = ObjectID(id)
                if seen.insert(value).inserted { commits.append(value) }
            }
        }
        return commits
    }

    /// Linked worktrees have their own HEAD and HEAD reflog.
    private func readWorktrees(into roots: inout HistoryRoots) {
        var names = git_strarray()
        guard git_worktree_list(&names, handle) == 0 else { return }
        defer { git_strarray_dispose(&names) }
        for index in 0..<names.count {
            guard let cName = names.strings[index] else { continue }
            let name = String(cString: cName)
            var worktree: OpaquePointer?
            guard git_worktree_lookup(&worktree, handle, cName) == 0, let worktree else { continue }
            defer { git_worktree_free(worktree) }
            var repository: OpaquePointer?
            guard git_repository_open_from_worktree(&repository, worktree) == 0, let repository else {
                roots.failures.append("cannot open worktree \(name): \(GitFailure(code: -1).message)")
                continue
            }
            defer { git_repository_free(repository) }
            let head = headCommit(repository)
            if head.detached, let commit = head.commit {
                roots.references.append(ReferenceTip(name: "worktrees/\(name)/HEAD", target: commit, commit: commit))
            }
            if let commits = reflogCommits(repository, "HEAD") {
                roots.reflogs.append(ReflogTip(name: "worktrees/\(name)/HEAD", commits: commits))
            }
        }
    }
}
