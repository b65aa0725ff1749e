import StowawayCore
import StowawayEngine
import StowawayGit

/// What commit and tag messages held: plain values, merged across the threads that read commits.
struct GitMessageFindings: Sendable {
    var commits: [ObjectID: [Candidate]] = [:]
    var tags: [(tag: TagRecord, candidates: [Candidate])] = []
    var outcome = ScanOutcome()

    mutating func merge(_ other: GitMessageFindings) {
        commits.merge(other.commits) { first, _ in first }
        tags += other.tags
        outcome.merge(other.outcome)
    }
}

/// Commit and annotated-tag messages, each scanned as a blob of its own (a token pasted into a commit message is as
/// public as one in a file). One per thread that reads commits.
final class GitMessageScanner {
    static let commitMessagePath = "(commit message)"
    static let tagMessagePath = "(tag message)"

    let scanner: BlobScanner
    private(set) var findings = GitMessageFindings()

    init(scanner: BlobScanner) {
        self.scanner = scanner
    }

    func scanCommitMessage(_ commit: ObjectID, _ message: UnsafeRawBufferPointer) {
        let candidates = scan(message, path: Self.commitMessagePath)
        if !candidates.isEmpty { findings.commits[commit] = candidates }
    }

    /// Reads the tag and scans its message; returns the tag (nil when unreadable, reported).
    @discardableResult
    func scanTag(_ id: ObjectID, in repository: GitRepository) -> TagRecord? {
        var candidates: [Candidate] = []
        switch repository.tag(id, message: { candidates = self.scan($0, path: Self.tagMessagePath) }) {
        case .success(let tag):
            if !candidates.isEmpty { findings.tags.append((tag, candidates)) }
            return tag
        case .failure(let failure):
            findings.outcome.issues.append(ScanIssue(.error, input: "tag \(id.hex)", message: "cannot read: \(failure.message)"))
            return nil
        }
    }

    func absorb(_ other: GitMessageFindings) { findings.merge(other) }

    private func scan(_ message: UnsafeRawBufferPointer, path: String) -> [Candidate] {
        let result = scanner.scan(message, path: path)
        findings.outcome.bytesScanned += result.bytesScanned
        findings.outcome.issues += result.issues
        return result.candidates
    }
}
