import Dispatch
import StowawayCore
import StowawayEngine
import StowawayGit
import Synchronization

/// The audit's inventory of the object database: every object classified by its header, every commit read (its
/// message scanned) and every annotated tag read (its message scanned), on all cores. Objects are visited in pack
/// order, in contiguous batches per worker, so packed deltas resolve from a warm cache.
struct GitObjectInventory: Sendable {
    /// Blobs in pack order.
    var blobs: [ObjectID] = []
    /// Each blob's size from its header (same order as `blobs`), so the scan need not read the header again.
    var blobSizes: [Int] = []
    var commits: [CommitRecord] = []
    var messages = GitMessageFindings()
    /// Objects whose header or commit could not be read (reported once per pack by `GitUnreadableReport`).
    var unreadable: [GitUnreadableObject] = []

    static let batch = 64

    static func take(location: RepositoryLocation, engine: Engine, threads: Int) throws -> GitObjectInventory {
        let repository = try GitRepository(location: location)
        let ids: [ObjectID]
        switch repository.allObjectIDs() {
        case .success(let found): ids = repository.inPackOrder(found)
        case .failure(let failure):
            throw StowawayError(location.gitDirectory, "cannot list the object database: \(failure.message)")
        }
        let next = Atomic<Int>(0)
        let parts = Mutex<[(blobPositions: [(position: Int, size: Int)], inventory: GitObjectInventory)]>([])
        let failure = Mutex<StowawayError?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, ids.count / batch))) { _ in
            do {
                let repository = try GitRepository(location: location)
                let messages = GitMessageScanner(scanner: try engine.makeScanner())
                var local = GitObjectInventory()
                var blobPositions: [(position: Int, size: Int)] = []
                while true {
                    let start = next.add(batch, ordering: .relaxed).oldValue
                    guard start < ids.count else { break }
                    for position in start..<min(start + batch, ids.count) {
                        if let header = local.classify(ids[position], repository: repository, messages: messages),
                           header.kind == .blob {
                            blobPositions.append((position, header.size))
                        }
                    }
                }
                local.messages = messages.findings
                let finished = (blobPositions, local)
                parts.withLock { $0.append(finished) }
            } catch {
                let stop = error as? StowawayError ?? StowawayError(location.openedPath, "\(error)")
                failure.withLock { $0 = $0 ?? stop }
            }
        }
        if let stop = failure.withLock({ $0 }) { throw stop }
        var merged = GitObjectInventory()
        var blobPositions: [(position: Int, size: Int)] = []
        for part in parts.withLock({ $0 }) {
            blobPositions += part.blobPositions
            merged.commits += part.inventory.commits
            merged.messages.merge(part.inventory.messages)
            merged.unreadable += part.inventory.unreadable
        }
        blobPositions.sort { $0.position < $1.position }
        merged.blobs = blobPositions.map { ids[$0.position] }
        merged.blobSizes = blobPositions.map(\.size)
        return merged
    }

    /// Reads one object's header and, for commits and tags, the object itself.
    private mutating func classify(_ id: ObjectID, repository: GitRepository, messages: GitMessageScanner)
        -> (kind: ObjectKind, size: Int)?
    {
        switch repository.header(id) {
        case .success(let header):
            switch header.kind {
            case .commit:
                switch repository.commit(id, message: { messages.scanCommitMessage(id, $0) }) {
                case .success(let record): commits.append(record)
                case .failure(let failure):
                    unreadable.append(GitUnreadableObject(id: id, kind: .commit, failure: failure.message))
                }
            case .tag:
                messages.scanTag(id, in: repository)
            case .blob, .tree, .other:
                break
            }
            return header
        case .failure(let failure):
            unreadable.append(GitUnreadableObject(id: id, kind: .object, failure: failure.message))
            return nil
        }
    }
}
