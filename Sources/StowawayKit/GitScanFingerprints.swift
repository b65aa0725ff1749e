import StowawayCore
import StowawayEngine
import StowawayGit

/// The secrets each blob holds, for the attribution walk. Blobs scanned by the workers are looked up; a blob the
/// workers did not scan (a parent's version of a file just before a `--range`) is scanned here on first need, once.
final class GitBlobFingerprints {
    private(set) var findings: [ObjectID: BlobFindings]
    /// Blobs whose findings are final: scanned (with or without candidates), or unreadable.
    private var settled: Set<ObjectID>
    let repository: GitRepository
    let content: GitBlobContentScanner
    private(set) var onDemandIssues: [ScanIssue] = []

    init(findings: [ObjectID: BlobFindings], settled: Set<ObjectID>, repository: GitRepository,
         content: GitBlobContentScanner) {
        self.findings = findings
        self.settled = settled
        self.repository = repository
        self.content = content
    }

    /// Findings of a blob the workers scanned (no scan here).
    func scanned(_ blob: ObjectID) -> BlobFindings? { findings[blob] }

    /// The secrets in `blob`, scanning it now if nobody has yet.
    func keys(of blob: ObjectID, path: String) -> Set<SecretKey> {
        if let known = findings[blob] { return known.keys }
        guard settled.insert(blob).inserted else { return [] }
        let read = repository.withObject(blob) { _, data in content.scan(data, path: path, applyPathFilters: false) }
        guard case .success(let result) = read else { return [] }
        onDemandIssues += result.issues
        guard !result.candidates.isEmpty else { return [] }
        let found = BlobFindings(result.candidates)
        findings[blob] = found
        return found.keys
    }
}
