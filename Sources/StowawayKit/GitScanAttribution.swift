import StowawayGit

/// Finds, for every secret at every path, the commit that introduced it: the first commit in topological order whose
/// tree holds the secret at that path while no parent held it there.
///
/// Works on secrets rather than blob ids, so editing another line of a file does not re-introduce the secret it
/// already held. A secret that a commit moves (a rename, or cut from one file and pasted into another) keeps its
/// original introduction; one that a commit copies while the original stays is a new place, introduced there. A
/// merge introduces only what is in none of its parents (an evil merge). A stash's index and untracked-files commits
/// are attributed to the stash commit itself, the one `git stash list` shows.
final class GitHistoryAttribution {
    struct Introduction {
        let key: SecretKey
        let path: String
        /// The commit reported (a stash helper's stash commit), as a graph index.
        let commitIndex: Int
        let blob: ObjectID
        var inHead = false
    }

    struct Place: Hashable {
        let key: SecretKey
        let path: String
    }

    /// Lineage value of a secret whose introduction lies outside a narrowed scan (not added by the scanned commits).
    static let outsideScan = -1

    let graph: CommitGraph
    let walker: TreeWalker
    let fingerprints: GitBlobFingerprints
    let pathFilter: GitScanPathFilter
    /// Narrowed scans see only part of the history: a secret moved in from an unseen commit is not new there.
    let narrowed: Bool
    /// Stash index / untracked commits → the stash commit they belong to.
    let attributedIndex: [Int: Int]

    private(set) var introductions: [Introduction] = []
    /// Every (secret, path) seen so far → the introduction it descends from (or `outsideScan`).
    private(set) var lineage: [Place: Int] = [:]

    init(graph: CommitGraph, walker: TreeWalker, fingerprints: GitBlobFingerprints, pathFilter: GitScanPathFilter,
         narrowed: Bool, attributedIndex: [Int: Int]) {
        self.graph = graph
        self.walker = walker
        self.fingerprints = fingerprints
        self.pathFilter = pathFilter
        self.narrowed = narrowed
        self.attributedIndex = attributedIndex
    }

    /// `order`: the commits to visit, parents first — at least every commit that changes a blob holding a secret.
    /// `changes`: each commit's changes to blobs holding secrets, when collected ahead (`GitAttributionChanges`);
    /// otherwise each commit's tree diff is walked here.
    func run(order: [Int], parentTrees: (CommitRecord) -> [ObjectID?], changes: [Int: [ChangedBlob]]? = nil) {
        for index in order {
            let record = graph.records[index]
            let parents = parentTrees(record)
            var pending: [(place: Place, blob: ObjectID)] = []
            let consider = { (change: ChangedBlob) in
                guard let found = self.fingerprints.scanned(change.blob) else { return }
                var inherited = Set<SecretKey>()
                for parentBlob in change.parentBlobs {
                    inherited.formUnion(self.fingerprints.keys(of: parentBlob, path: change.path))
                }
                for key in found.keys where !inherited.contains(key) {
                    let place = Place(key: key, path: change.path)
                    guard self.lineage[place] == nil,
                          self.pathFilter.applies(ruleIndex: key.ruleIndex, to: change.path) else { continue }
                    pending.append((place, change.blob))
                }
            }
            if let changes {
                for change in changes[index] ?? [] { consider(change) }
            } else {
                walker.forEachChangedBlob(tree: record.tree, parents: parents, consider)
            }
            guard !pending.isEmpty else { continue }
            let sources = moveSources(of: Set(pending.map(\.place.key)), record: record, parents: parents.compactMap { $0 })
            for (place, blob) in pending where lineage[place] == nil {
                if let from = sources[place.key] {
                    if let origin = lineage[Place(key: place.key, path: from)] {
                        lineage[place] = origin
                        continue
                    }
                    if narrowed {
                        lineage[place] = Self.outsideScan
                        continue
                    }
                }
                lineage[place] = introductions.count
                introductions.append(Introduction(key: place.key, path: place.path,
                                                  commitIndex: attributedIndex[index] ?? index, blob: blob))
            }
        }
    }

    /// For each secret, a path where a parent held it and this commit no longer does (where it moved from).
    private func moveSources(of keys: Set<SecretKey>, record: CommitRecord, parents: [ObjectID]) -> [SecretKey: String] {
        var sources: [SecretKey: String] = [:]
        walker.forEachReplacedBlob(tree: record.tree, parents: parents) { path, blob in
            let held = fingerprints.keys(of: blob, path: path).intersection(keys)
            guard !held.isEmpty else { return }
            let now = walker.blob(at: path, in: record.tree).map { fingerprints.keys(of: $0, path: path) } ?? []
            for key in held where sources[key] == nil && !now.contains(key) { sources[key] = path }
        }
        return sources
    }

    /// Marks introductions whose secret is still at the tip of the default branch, under its path or the path it
    /// was moved to.
    func markInHead(tree: ObjectID) {
        for (place, index) in lineage where index >= 0 && !introductions[index].inHead {
            guard let blob = walker.blob(at: place.path, in: tree) else { continue }
            if fingerprints.keys(of: blob, path: place.path).contains(place.key) { introductions[index].inHead = true }
        }
    }
}
