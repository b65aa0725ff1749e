import StowawayCore
import StowawayEngine
import StowawayGit

/// The commits a history scan walks, ordered for attribution, and the rest of the object database it must read.
struct GitHistorySelection {
    var graph: CommitGraph
    /// Parents before children; the default branch first, then other references, reflog-only and dangling commits.
    var order: [Int]
    /// Every blob in the object database, in pack order (an audit scans all, reachable or not); nil when narrowed.
    var allBlobs: [ObjectID]?
    /// Their sizes from the inventory's headers (same order).
    var allBlobSizes: [Int]?
    /// Parents that are not in the repository (a shallow clone's cut, or lost objects).
    var missingParents: Set<ObjectID>
    /// Commits (and, in an audit, objects of any kind) that could not be read.
    var unreadable: [GitUnreadableObject] = []
}

/// Decides which commits a history scan walks: all of them (the default audit, from the object database itself) or
/// those reachable from chosen tips minus those reachable from excluded ones (`--range`, `--since-commit`,
/// `--branch`, `--reachable-only`). Commit messages and tag messages are scanned as the commits are read.
enum GitHistorySelector {
    static func select(repository: GitRepository, roots: HistoryRoots, options: GitScanOptions, engine: Engine,
                       messages: GitMessageScanner) throws -> GitHistorySelection {
        var selection = options.narrowsHistory
            ? try narrowed(repository: repository, roots: roots, options: options, messages: messages)
            : try everything(repository: repository, engine: engine, threads: options.threads, messages: messages)
        let graph = selection.graph
        // Topological ties go to what users see first: the default branch, then other references, then reflogs,
        // then dangling commits. A squash-merged secret is thus attributed to the default branch's commit rather
        // than to the pull request's, though both added it.
        let defaultTip = roots.defaultBranchTip.flatMap { graph.indexByID[$0] }
        let onDefault = graph.reachable(from: defaultTip.map { [$0] } ?? [])
        let onReferences = graph.reachable(from: roots.references.compactMap { $0.commit.flatMap { graph.indexByID[$0] } })
        let onReflogs = graph.reachable(from: roots.reflogs.flatMap(\.commits).compactMap { graph.indexByID[$0] })
        let rank = graph.records.indices.map { index -> UInt8 in
            onDefault[index] ? 0 : onReferences[index] ? 1 : onReflogs[index] ? 2 : 3
        }
        selection.order = graph.topologicalOrder(rank: rank)
        return selection
    }

    /// The audit: every object in the database (see `GitObjectInventory`).
    private static func everything(repository: GitRepository, engine: Engine, threads: Int,
                                   messages: GitMessageScanner) throws -> GitHistorySelection {
        let inventory = try GitObjectInventory.take(location: repository.location, engine: engine, threads: threads)
        messages.absorb(inventory.messages)
        let graph = CommitGraph(records: inventory.commits)
        let missing = Set(inventory.commits.flatMap(\.parents).filter { graph.indexByID[$0] == nil })
        return GitHistorySelection(graph: graph, order: [], allBlobs: inventory.blobs, allBlobSizes: inventory.blobSizes,
                                   missingParents: missing,
                                   unreadable: inventory.unreadable)
    }

    private static func narrowed(repository: GitRepository, roots: HistoryRoots, options: GitScanOptions,
                                 messages: GitMessageScanner) throws -> GitHistorySelection {
        let (tips, hiddenTips) = try plan(repository: repository, roots: roots, options: options)
        var unreadable: [GitUnreadableObject] = []
        var hidden = Set<ObjectID>()
        if !hiddenTips.isEmpty {
            let excluded = repository.loadCommits(from: hiddenTips)
            hidden = Set(excluded.records.map(\.id))
        }
        let loaded = repository.loadCommits(from: tips, excluding: hidden, message: messages.scanCommitMessage)
        for (id, failure) in loaded.failures {
            unreadable.append(GitUnreadableObject(id: id, kind: .commit, failure: failure.message))
        }
        let graph = CommitGraph(records: loaded.records)
        // Annotated tags on the selected commits.
        for reference in roots.references where reference.name.hasPrefix("refs/tags/") && reference.commit != reference.target {
            guard case .success(let tag) = repository.tag(reference.target), let commit = tag.commit,
                  graph.indexByID[commit] != nil else { continue }
            messages.scanTag(reference.target, in: repository)
        }
        return GitHistorySelection(graph: graph, order: [], allBlobs: nil, missingParents: Set(loaded.missing),
                                   unreadable: unreadable)
    }

    /// The commits to start from and those whose ancestry is excluded.
    static func plan(repository: GitRepository, roots: HistoryRoots, options: GitScanOptions) throws
        -> (tips: [ObjectID], hidden: [ObjectID])
    {
        func resolve(_ revision: String) throws -> ObjectID {
            switch repository.resolveCommit(revision) {
            case .success(let id): return id
            case .failure(let failure): throw StowawayError(revision, "unknown revision: \(failure.message)")
            }
        }
        var tips: [ObjectID]
        var hidden: [ObjectID] = []
        if let range = options.range {
            if let dots = range.range(of: "...") {
                let from = try resolve(range[..<dots.lowerBound].isEmpty ? "HEAD" : String(range[..<dots.lowerBound]))
                let to = try resolve(range[dots.upperBound...].isEmpty ? "HEAD" : String(range[dots.upperBound...]))
                tips = [from, to]
                hidden = repository.mergeBases(from, to)
            } else if let dots = range.range(of: "..") {
                hidden = [try resolve(range[..<dots.lowerBound].isEmpty ? "HEAD" : String(range[..<dots.lowerBound]))]
                tips = [try resolve(range[dots.upperBound...].isEmpty ? "HEAD" : String(range[dots.upperBound...]))]
            } else {
                throw StowawayError(range, "expected a range such as main..feature or A...B")
            }
        } else if let branch = options.branch {
            let candidates = branch.hasPrefix("refs/") ? [branch] : ["refs/heads/\(branch)", "refs/remotes/\(branch)", branch]
            guard let found = candidates.lazy.compactMap({ try? repository.resolveCommit($0).get() }).first else {
                throw StowawayError(branch, "no such branch or revision")
            }
            tips = [found]
        } else {
            tips = roots.references.compactMap(\.commit) + [roots.defaultBranchTip].compactMap { $0 }
        }
        if let since = options.sinceCommit { hidden.append(try resolve(since)) }
        return (tips, hidden)
    }
}
