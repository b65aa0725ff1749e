import Dispatch
import StowawayCore
import StowawayGit
import Synchronization

/// Where each blob enters the walked history, from one walk of every commit's changes: the first path it appears
/// at (rules choose decoding by file type, so the scanner is told a path) and the commits whose changes include it
/// (after the scan, attribution revisits only the commits that change a blob holding a secret).
///
/// The walk is split into contiguous chunks of the topological order, claimed by workers (each with its own
/// repository handle and tree cache) and merged in order; contiguous chunks keep a worker's tree cache warm (a
/// commit's parent is usually the commit just before it). Later commits have larger trees, so with several workers
/// the order is cut into a few chunks per worker, claimed as workers free up, rather than one slice each.
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

    /// Chunks shorter than this are not worth another start (the first commit of a chunk reads its trees cold).
    static let minimumSlice = 256
    /// Chunks per worker when there are several: enough for an early finisher to take over the rest.
    static let chunksPerWorker = 4

    static func collect(order: [Int], graph: CommitGraph, location: RepositoryLocation, threads: Int) throws -> GitBlobPlaces {
        let chunks = CommitChunks(total: order.count, threads: threads, minimumChunk: minimumSlice,
                                  chunksPerWorker: chunksPerWorker)
        let next = Atomic<Int>(0)
        let collected = Mutex<[Int: GitBlobPlaces]>([:])
        let problems = Mutex<[GitBlobPlaces]>([])
        let failure = Mutex<StowawayError?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunks.workers) { _ in
            do {
                let repository = try GitRepository(location: location)
                let walker = TreeWalker(repository: repository)
                let parentTrees = ParentTrees(graph: graph, repository: repository)
                while true {
                    let chunk = next.add(1, ordering: .relaxed).oldValue
                    guard chunk < chunks.count else { break }
                    var places = GitBlobPlaces()
                    for position in chunks.positions(chunk) {
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
                    let finished = places
                    collected.withLock { $0[chunk] = finished }
                }
                // What this worker's walk could not read or follow.
                var unread = GitBlobPlaces()
                unread.treeFailures = walker.failures
                unread.submodulePaths = walker.submodulePaths
                unread.unreadableParents = parentTrees.unreadableParents
                let found = unread
                problems.withLock { $0.append(found) }
            } catch {
                let stop = error as? StowawayError ?? StowawayError(location.openedPath, "\(error)")
                failure.withLock { $0 = $0 ?? stop }
            }
        }
        if let stop = failure.withLock({ $0 }) { throw stop }
        var merged = GitBlobPlaces()
        let parts = collected.withLock { $0 }
        for chunk in parts.keys.sorted() {
            // Earlier chunks come first in the order: their path wins, their commits go first.
            merged.entries.merge(parts[chunk]!.entries) { earlier, later in
                Entry(path: earlier.path, commits: earlier.commits + later.commits)
            }
        }
        for part in problems.withLock({ $0 }) {
            // The same tree fails the same way for every worker.
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
