import Dispatch
import StowawayCore
import StowawayGit
import Synchronization

/// Where each blob enters the walked history, from one walk of every commit's changes: the first path it appears
/// at (rules choose decoding by file type, so the scanner is told a path) and the commits whose changes include it
/// (after the scan, attribution revisits only the commits that change a blob holding a secret).
///
/// The walk is split into contiguous slices of the topological order, one per worker with its own repository
/// handle, and merged in order; contiguous slices keep each worker's tree cache warm (a commit's parent is usually
/// the commit just before it).
struct GitBlobPlaces: Sendable {
    struct Entry: Sendable {
        var path: String
        /// Graph indexes of the commits that change a path to this blob, in walk order.
        var commits: [Int32]
    }

    private(set) var entries: [ObjectID: Entry] = [:]
    /// What the walk could not read, for the report's notes.
    private(set) var treeFailures: [ObjectID: GitFailure] = [:]
    private(set) var submodulePaths = Set<String>()
    private(set) var unreadableParents = Set<ObjectID>()

    /// Slices shorter than this are not worth another thread.
    static let minimumSlice = 256

    static func collect(order: [Int], graph: CommitGraph, location: RepositoryLocation, threads: Int) throws -> GitBlobPlaces {
        let slices = max(1, min(threads, order.count / minimumSlice))
        let collected = Mutex<[Int: GitBlobPlaces]>([:])
        let failure = Mutex<StowawayError?>(nil)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            do {
                let repository = try GitRepository(location: location)
                let walker = TreeWalker(repository: repository)
                let parentTrees = ParentTrees(graph: graph, repository: repository)
                var places = GitBlobPlaces()
                for position in (slice * order.count / slices)..<((slice + 1) * order.count / slices) {
                    let index = order[position]
                    let record = graph.records[index]
                    let commit = Int32(index)
                    walker.forEachChangedBlob(tree: record.tree, parents: parentTrees.trees(of: record)) { change in
                        if places.entries[change.blob] == nil {
                            places.entries[change.blob] = Entry(path: change.path, commits: [commit])
                        } else if places.entries[change.blob]!.commits.last != commit {
                            places.entries[change.blob]!.commits.append(commit)
                        }
                    }
                }
                places.treeFailures = walker.failures
                places.submodulePaths = walker.submodulePaths
                places.unreadableParents = parentTrees.unreadableParents
                let finished = places
                collected.withLock { $0[slice] = finished }
            } catch {
                let stop = error as? StowawayError ?? StowawayError(location.openedPath, "\(error)")
                failure.withLock { $0 = $0 ?? stop }
            }
        }
        if let stop = failure.withLock({ $0 }) { throw stop }
        var merged = GitBlobPlaces()
        let parts = collected.withLock { $0 }
        for slice in parts.keys.sorted() {
            let part = parts[slice]!
            // Earlier slices come first in the order: their path wins, their commits go first.
            merged.entries.merge(part.entries) { earlier, later in
                Entry(path: earlier.path, commits: earlier.commits + later.commits)
            }
            merged.treeFailures.merge(part.treeFailures) { first, _ in first }
            merged.submodulePaths.formUnion(part.submodulePaths)
            merged.unreadableParents.formUnion(part.unreadableParents)
        }
        return merged
    }

    /// The commits (in `order`) that change a path to one of `blobs`.
    func commits(changing blobs: some Sequence<ObjectID>, order: [Int]) -> [Int] {
        var wanted = Set<Int>()
        for blob in blobs { for commit in entries[blob]?.commits ?? [] { wanted.insert(Int(commit)) } }
        return order.filter(wanted.contains)
    }
}
