import Dispatch
import StowawayCore
import StowawayEngine
import StowawayGit
import Synchronization

/// One blob to scan, with the path it was first seen at (nil when no walked tree holds it).
struct GitBlobWork: Sendable {
    let id: ObjectID
    let path: String?
    /// The size from the inventory's header read, when there was one.
    var size: Int? = nil

    /// What the scanner is told: the path (for the decoding policy and messages), or a name for a loose blob.
    var scanPath: String { path ?? "unreachable:\(id.hex)" }
}

/// What the blob workers found: candidates per blob (only blobs with any), counts and problems.
struct GitBlobScanResults: Sendable {
    var findings: [ObjectID: BlobFindings] = [:]
    var outcome = ScanOutcome()
    /// Blobs a tree names but the object database does not have (a partial clone).
    var missing: [ObjectID] = []
    /// Blobs that could not be read (reported once per pack by `GitUnreadableReport`).
    var unreadable: [GitUnreadableObject] = []

    mutating func merge(_ other: GitBlobScanResults) {
        findings.merge(other.findings) { first, _ in first }
        outcome.merge(other.outcome)
        missing += other.missing
        unreadable += other.unreadable
    }
}

/// Scans each blob exactly once on `threads` workers. Each worker opens its own repository handle and scanner (libgit2
/// handles and vectorscan scratch are per thread), claims the next few blobs with an atomic counter, and keeps its
/// results locally until the end, so the hot loop takes no lock. A worker holds one blob at a time.
enum GitBlobScanPhase {
    /// Blobs claimed at once: neighbours in pack order share delta bases, which stay in the claiming worker's cache.
    static let batch = 16

    static func run(_ work: [GitBlobWork], location: RepositoryLocation, engine: Engine,
                    options: GitScanOptions) -> GitBlobScanResults {
        let next = Atomic<Int>(0)
        let collected = Mutex<[GitBlobScanResults]>([])
        let workers = max(1, min(options.threads, work.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var local = GitBlobScanResults()
            do {
                let repository = try GitRepository(location: location)
                let content = try GitBlobContentScanner(engine: engine, options: options)
                while true {
                    let start = next.add(batch, ordering: .relaxed).oldValue
                    guard start < work.count else { break }
                    for index in start..<min(start + batch, work.count) {
                        scan(work[index], repository: repository, content: content, maxFileSize: options.maxFileSize,
                             into: &local)
                    }
                }
            } catch {
                local.outcome.issues.append(ScanIssue(.error, input: "git", message: "\(error)"))
            }
            let finished = local
            collected.withLock { $0.append(finished) }
        }
        var merged = GitBlobScanResults()
        for results in collected.withLock({ $0 }) { merged.merge(results) }
        return merged
    }

    static func scan(_ item: GitBlobWork, repository: GitRepository, content: GitBlobContentScanner,
                     maxFileSize: Int, into results: inout GitBlobScanResults) {
        // The header gives the size without inflating the blob: one over the limit is never loaded. (An audit's
        // inventory has read every header already.)
        var size = item.size
        if size == nil, case .success(let header) = repository.header(item.id) { size = header.size }
        if let size, size > maxFileSize {
            results.outcome.tooLarge += 1
            let place = item.path.map { "\($0) (blob \(item.id.hex))" } ?? "blob \(item.id.hex)"
            results.outcome.issues.append(ScanIssue(.note, input: place,
                                                    message: "skipped: \(size) bytes is over --max-file-size (\(maxFileSize))"))
            return
        }
        let read = repository.withObject(item.id) { _, data in
            // A blob no tree names has no path to scope rules by: all of them run.
            content.scan(data, path: item.scanPath, applyPathFilters: false,
                         pathScopedRules: item.path == nil ? .everywhere : .wherePathMatches)
        }
        switch read {
        case .success(let result):
            results.outcome.filesScanned += 1
            results.outcome.bytesScanned += result.bytesScanned
            results.outcome.issues += result.issues
            if !result.candidates.isEmpty { results.findings[item.id] = BlobFindings(result.candidates) }
        case .failure(let failure) where failure.isNotFound:
            results.missing.append(item.id)
        case .failure(let failure):
            results.unreadable.append(GitUnreadableObject(id: item.id, kind: .blob, path: item.path, failure: failure.message))
        }
    }
}
