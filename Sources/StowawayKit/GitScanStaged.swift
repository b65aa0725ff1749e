import Dispatch
import StowawayCore
import StowawayEngine
import StowawayGit

extension GitScan {
    /// `stowaway git --staged`, the pre-commit check: the index's blobs of added and changed files (never the working
    /// tree), reporting only secrets on lines the commit adds relative to HEAD — and during a merge, relative to every
    /// MERGE_HEAD too, so what the other branch already committed is not reported again. Works before the first
    /// commit (everything staged is new).
    /// `indexFile`: the index git handed to the hook (`GIT_INDEX_FILE`), when not the repository's own.
    public func runStaged(repository path: String, indexFile: String? = nil) throws -> ScanReport {
        let started = DispatchTime.now()
        let repository = try GitRepository(discovering: path)
        guard !repository.location.isBare else {
            throw StowawayError(path, "--staged needs a working tree; this is a bare repository")
        }
        let changes: StagedChanges
        switch repository.stagedChanges(indexFile: indexFile) {
        case .success(let found): changes = found
        case .failure(let failure): throw StowawayError(path, "cannot read the index: \(failure.message)")
        }
        let content = try GitBlobContentScanner(engine: engine, options: options)
        var outcome = ScanOutcome()
        for file in changes.files {
            if case .success(let header) = repository.header(file.blob), header.size > options.maxFileSize {
                outcome.tooLarge += 1
                outcome.issues.append(ScanIssue(.note, input: file.path,
                                                message: "skipped: \(header.size) bytes is over --max-file-size (\(options.maxFileSize))"))
                continue
            }
            let read = repository.withObject(file.blob) { _, data in
                content.scan(data, path: file.path, applyPathFilters: true)
            }
            guard case .success(let result) = read else {
                if case .failure(let failure) = read {
                    outcome.issues.append(ScanIssue(.error, input: file.path,
                                                    message: "cannot read the staged blob: \(failure.message)"))
                }
                continue
            }
            outcome.filesScanned += 1
            outcome.bytesScanned += result.bytesScanned
            outcome.issues += result.issues
            guard !result.candidates.isEmpty else { continue }
            // Binary content has no lines to compare: new means absent from every previous version.
            let previous = file.newLines == .binary
                ? Self.secrets(in: file.previousBlobs, path: file.path, repository: repository, content: content) : []
            let added = result.candidates.filter { candidate in
                switch file.newLines {
                case .all:
                    return true
                case .lines(let lines):
                    // A composite pair is new when either part is on an added line.
                    return (candidate.location.line...max(candidate.location.line, candidate.location.endLine))
                        .contains(where: lines.contains)
                        || candidate.related.contains { lines.contains($0.location.line) }
                case .binary:
                    return !previous.contains(SecretKey(ruleIndex: candidate.ruleIndex, secret: candidate.secret))
                }
            }
            var provenance = Provenance(source: "staged", path: file.path)
            provenance.blob = file.blob.hex
            outcome.recordAttributed(added, provenance: provenance)
        }
        let conflicts = changes.conflicts.map {
            ScanIssue(.note, input: $0, message: "unresolved merge conflict; not scanned until it is resolved and staged")
        }
        return outcome.report(engine: engine, started: started, extraIssues: conflicts)
    }

    /// The secrets the given blobs hold.
    private static func secrets(in blobs: [ObjectID], path: String, repository: GitRepository,
                                content: GitBlobContentScanner) -> Set<SecretKey> {
        var keys = Set<SecretKey>()
        for blob in blobs {
            let scanned = repository.withObject(blob) { _, data in content.scan(data, path: path, applyPathFilters: true) }
            for candidate in (try? scanned.get())?.candidates ?? [] {
                keys.insert(SecretKey(ruleIndex: candidate.ruleIndex, secret: candidate.secret))
            }
        }
        return keys
    }
}
