import StowawayCore
import StowawayEngine
import StowawayGit

/// Turns attributed secrets into occurrences with their provenance: commit, author, email, commit date, path, line,
/// the references that reach the commit, and whether the secret is still at the default branch tip.
struct GitReportAssembly {
    let graph: CommitGraph
    let roots: HistoryRoots
    let repository: GitRepository
    var outcome: ScanOutcome
    private var details: [ObjectID: CommitDetails?] = [:]

    init(graph: CommitGraph, roots: HistoryRoots, repository: GitRepository, outcome: ScanOutcome) {
        self.graph = graph
        self.roots = roots
        self.repository = repository
        self.outcome = outcome
    }

    mutating func addIntroductions(_ introductions: [GitHistoryAttribution.Introduction],
                                   fingerprints: GitBlobFingerprints, order: [Int], messages: GitMessageScanner) {
        var targets = Set(introductions.map(\.commitIndex))
        targets.formUnion(messages.findings.commits.keys.compactMap { graph.indexByID[$0] })
        let reach = GitReferenceReach.compute(graph: graph, order: order, targets: targets, roots: roots)
        for introduction in introductions {
            var provenance = commitProvenance(source: "git", path: introduction.path, index: introduction.commitIndex,
                                              refs: reach[introduction.commitIndex] ?? [])
            provenance.inHead = introduction.inHead
            provenance.blob = introduction.blob.hex
            let candidates = fingerprints.scanned(introduction.blob)?.candidates(for: introduction.key) ?? []
            outcome.recordAttributed(candidates, provenance: provenance)
        }
        for (commit, candidates) in messages.findings.commits.sorted(by: { $0.key < $1.key }) {
            guard let index = graph.indexByID[commit] else { continue }
            let provenance = commitProvenance(source: "commit-message", path: GitMessageScanner.commitMessagePath,
                                              index: index, refs: reach[index] ?? [])
            outcome.recordAttributed(candidates, provenance: provenance)
        }
        for (tag, candidates) in messages.findings.tags.sorted(by: { $0.tag.id < $1.tag.id }) {
            var provenance = Provenance(source: "tag-message", path: GitMessageScanner.tagMessagePath)
            provenance.tag = tag.id.hex
            provenance.commit = tag.commit?.hex
            provenance.author = tag.tagger?.name
            provenance.email = tag.tagger?.email
            provenance.date = tag.tagger?.iso8601
            provenance.refs = roots.references.filter { $0.target == tag.id }.map(\.name).sorted()
            outcome.recordAttributed(candidates, provenance: provenance)
        }
    }

    /// Blobs with secrets that no walked commit holds: reported by blob id (or by path when staged in the index).
    mutating func addUnreachable(_ blobs: [ObjectID: BlobFindings]) {
        guard !blobs.isEmpty else { return }
        var staged: [ObjectID: String] = [:]
        for entry in repository.indexEntries() where blobs[entry.blob] != nil { staged[entry.blob] = entry.path }
        for (blob, found) in blobs.sorted(by: { $0.key < $1.key }) {
            var provenance = staged[blob].map { Provenance(source: "staged", path: $0) }
                ?? Provenance(source: "git", path: "unreachable:\(blob.hex)")
            provenance.blob = blob.hex
            outcome.recordAttributed(found.candidates, provenance: provenance)
        }
    }

    private mutating func commitProvenance(source: String, path: String, index: Int, refs: [String]) -> Provenance {
        let commit = graph.records[index].id
        if details[commit] == nil { details[commit] = .some(try? repository.commitDetails(commit).get()) }
        var provenance = Provenance(source: source, path: path)
        provenance.commit = commit.hex
        if let found = details[commit] ?? nil {
            provenance.author = found.author.name
            provenance.email = found.author.email
            provenance.date = found.committer.iso8601
        }
        provenance.refs = refs
        return provenance
    }
}
