import Dispatch
import StowawayCore
import StowawayEngine
import StowawayGit

/// `stowaway git`: a repository's history, each unique blob scanned once, each secret attributed to the commit and
/// path that introduced it.
///
/// Stages, in this order because each needs the one before:
/// 1. roots: references, HEAD, reflogs, worktrees (what reaches what);
/// 2. selection: every commit in the object database (the audit) or those a range selects, read once, messages
///    scanned on the way; a topological order;
/// 3. blob list: a walk of each commit's changes names a path for every blob (rules decode by file type), plus, in
///    an audit, the blobs no commit holds;
/// 4. scan: blobs on all cores, one repository handle and scanner per worker, one blob in memory per worker;
/// 5. attribution: the commits that change a blob holding a secret are walked again, in order (in an audit with
///    several threads, their tree diffs are collected ahead on all workers);
/// 6. report: references reaching each introducing commit, presence at the default branch tip, provenance.
public struct GitScan: Sendable {
    public let engine: Engine
    public let options: GitScanOptions

    public init(engine: Engine, options: GitScanOptions = GitScanOptions()) {
        self.engine = engine
        self.options = options
    }

    public func run(repository path: String) throws -> ScanReport {
        let started = DispatchTime.now()
        let repository = try GitRepository(discovering: path)
        var issues: [ScanIssue] = []
        let roots = repository.historyRoots()
        issues += roots.failures.map { ScanIssue(.warning, input: repository.location.gitDirectory, message: $0) }

        let messages = GitMessageScanner(scanner: try engine.makeScanner())
        let selection = try GitHistorySelector.select(repository: repository, roots: roots, options: options,
                                                      engine: engine, messages: messages)
        let graph = selection.graph
        let walker = TreeWalker(repository: repository)
        let parentTrees = ParentTrees(graph: graph, repository: repository)

        // Stage 3: a path for each blob, from the first commit (in order) that adds it.
        let places = try GitBlobPlaces.collect(order: selection.order, graph: graph, location: repository.location,
                                               threads: options.threads)
        let work: [GitBlobWork]
        if let all = selection.allBlobs {
            let sizes = selection.allBlobSizes
            work = all.indices.map { GitBlobWork(id: all[$0], path: places.entries[all[$0]]?.path, size: sizes?[$0]) }
        } else {
            work = repository.inPackOrder(Array(places.entries.keys)).map {
                GitBlobWork(id: $0, path: places.entries[$0]?.path)
            }
        }

        // Stage 4: every blob once.
        let scanned = GitBlobScanPhase.run(work, location: repository.location, engine: engine, options: options)
        var outcome = scanned.outcome
        outcome.merge(messages.findings.outcome)
        var missing = Set(scanned.missing)
        if let all = selection.allBlobs {
            let present = Set(all)
            missing.formUnion(places.entries.keys.filter { !present.contains($0) })
        }

        // Stage 5: the commits that brought each secret to each path.
        let fingerprints = GitBlobFingerprints(
            findings: scanned.findings, settled: Set(work.map(\.id)).union(missing), repository: repository,
            content: try GitBlobContentScanner(engine: engine, options: options))
        let attribution = GitHistoryAttribution(
            graph: graph, walker: walker, fingerprints: fingerprints, pathFilter: GitScanPathFilter(engine: engine),
            narrowed: options.narrowsHistory, attributedIndex: Self.stashHelpers(graph: graph, roots: roots))
        let attributionOrder = places.commits(changing: scanned.findings.keys, order: selection.order)
        // In an audit every blob was scanned (or is missing), so the diffs can be walked ahead on all workers.
        let changes = selection.allBlobs != nil && options.threads > 1
            ? try GitAttributionChanges.collect(order: attributionOrder, graph: graph, location: repository.location,
                                                threads: options.threads, wanted: Set(scanned.findings.keys))
            : nil
        attribution.run(order: attributionOrder, parentTrees: parentTrees.trees(of:), changes: changes)
        if let tip = roots.defaultBranchTip, let head = try? repository.commit(tip).get() {
            attribution.markInHead(tree: head.tree)
        }
        issues += fingerprints.onDemandIssues

        // Stage 6: occurrences with provenance.
        var report = GitReportAssembly(graph: graph, roots: roots, repository: repository, outcome: outcome)
        report.addIntroductions(attribution.introductions, fingerprints: fingerprints, order: selection.order,
                                messages: messages)
        if selection.allBlobs != nil {
            let unplaced = scanned.findings.filter { places.entries[$0.key] == nil }
            report.addUnreachable(unplaced)
        }
        var unreadable = selection.unreadable + scanned.unreadable
        // A corrupt blob is absent from the readable inventory too: it is reported as unreadable, not as missing.
        issues += Self.notes(selection: selection, places: places, walker: walker,
                             missing: missing.subtracting(unreadable.map(\.id)), repository: repository)
        let failures = places.treeFailures.merging(walker.failures) { first, _ in first }
        for (tree, failure) in failures where !failure.isNotFound {
            unreadable.append(GitUnreadableObject(id: tree, kind: .tree, failure: failure.message))
        }
        issues += GitUnreadableReport.issues(unreadable, repository: repository)
        return report.outcome.report(engine: engine, started: started, extraIssues: issues)
    }

    /// A stash commit's second and third parents (its index and untracked files) belong to the stash entry.
    static func stashHelpers(graph: CommitGraph, roots: HistoryRoots) -> [Int: Int] {
        var stashes = roots.references.filter { $0.name == "refs/stash" }.compactMap(\.commit)
        stashes += roots.reflogs.filter { $0.name == "refs/stash" }.flatMap(\.commits)
        var helpers: [Int: Int] = [:]
        for stash in stashes {
            guard let index = graph.indexByID[stash] else { continue }
            for parent in graph.records[index].parents.dropFirst() {
                if let helper = graph.indexByID[parent] { helpers[helper] = index }
            }
        }
        return helpers
    }

    /// Warnings and notes about what the scan could not see.
    static func notes(selection: GitHistorySelection, places: GitBlobPlaces, walker: TreeWalker,
                      missing: Set<ObjectID>, repository: GitRepository) -> [ScanIssue] {
        var issues: [ScanIssue] = []
        let place = repository.location.workingDirectory ?? repository.location.gitDirectory
        let cut = places.unreadableParents
        if !cut.isEmpty {
            let boundary = selection.graph.records.filter { $0.parents.contains(where: cut.contains) }
                .map(\.id.hex).sorted()
            let kind = repository.location.isShallow ? "shallow clone" : "history incomplete"
            issues.append(ScanIssue(.note, input: place, message: """
                \(kind): the parents of \(boundary.count) commit(s) are not in the repository, so secrets already \
                present there are attributed to them: \(Self.list(boundary))
                """))
        }
        if !missing.isEmpty {
            issues.append(ScanIssue(.warning, input: place, message: """
                \(missing.count) blob(s) named by commits are not in the object database (a partial clone?) and \
                were not scanned: \(Self.list(missing.map(\.hex).sorted()))
                """))
        }
        let failures = places.treeFailures.merging(walker.failures) { first, _ in first }
        for (tree, failure) in failures.sorted(by: { $0.key < $1.key }) {
            // Unreadable (corrupt) trees are reported with the other unreadable objects, per pack.
            if failure.isNotFound {
                issues.append(ScanIssue(.warning, input: "tree \(tree.hex)",
                                        message: "missing from the object database; not walked"))
            }
        }
        for path in places.submodulePaths.union(walker.submodulePaths).sorted() {
            issues.append(ScanIssue(.note, input: path,
                                    message: "submodule not followed (its history is another repository; scan it there)"))
        }
        return issues
    }

    private static func list(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
    }
}
