import Dispatch
import StowawayCore
import StowawayGit
import Synchronization

/// The changes the attribution walk looks at (those to a blob holding a secret), collected ahead on all workers.
///
/// Attribution itself is sequential (each commit's new secrets depend on what earlier commits introduced), but its
/// tree diffs are not: in an audit every blob a tree names was scanned or is missing, so which changes matter is
/// known before the walk and cannot change during it. Workers claim contiguous chunks of the commits, each with its
/// own repository handle and tree cache, like the places walk.
enum GitAttributionChanges {
    static let minimumChunk = 64
    static let chunksPerWorker = 4

    /// For each commit of `order` that changes a path to one of `wanted`, those changes in walk order.
    static func collect(order: [Int], graph: CommitGraph, location: RepositoryLocation, threads: Int,
                        wanted: Set<ObjectID>) throws -> [Int: [ChangedBlob]] {
        let chunks = CommitChunks(total: order.count, threads: threads, minimumChunk: minimumChunk,
                                  chunksPerWorker: chunksPerWorker)
        let next = Atomic<Int>(0)
        let collected = Mutex<[Int: [ChangedBlob]]>([:])
        let failure = Mutex<StowawayError?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunks.workers) { _ in
            do {
                let repository = try GitRepository(location: location)
                let walker = TreeWalker(repository: repository)
                let parentTrees = ParentTrees(graph: graph, repository: repository)
                var local: [Int: [ChangedBlob]] = [:]
                while true {
                    let chunk = next.add(1, ordering: .relaxed).oldValue
                    guard chunk < chunks.count else { break }
                    for position in chunks.positions(chunk) {
                        let index = order[position]
                        let record = graph.records[index]
                        var changes: [ChangedBlob] = []
                        walker.forEachChangedBlob(tree: record.tree, parents: parentTrees.trees(of: record)) { change in
                            if wanted.contains(change.blob) { changes.append(change) }
                        }
                        if !changes.isEmpty { local[index] = changes }
                    }
                }
                let finished = local
                collected.withLock { $0.merge(finished) { first, _ in first } }
            } catch {
                let stop = error as? StowawayError ?? StowawayError(location.openedPath, "\(error)")
                failure.withLock { $0 = $0 ?? stop }
            }
        }
        if let stop = failure.withLock({ $0 }) { throw stop }
        return collected.withLock { $0 }
    }
}
