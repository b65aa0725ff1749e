import CGit2
import Foundation

/// What the history walk needs of a commit: its tree, its parents and when it was made.
public struct CommitRecord: Sendable {
    public let id: ObjectID
    public let tree: ObjectID
    public let parents: [ObjectID]
    /// Committer time (seconds since 1970), used to order unrelated commits oldest first.
    public let time: Int64
}

/// The people on a commit, read only for commits that appear in a report.
public struct CommitDetails: Sendable {
    public let author: Signature
    public let committer: Signature
}

extension GitRepository {
    /// Reads a commit; `message` (when given) receives the raw message bytes while they are valid.
    public func commit(_ id: ObjectID, message: ((UnsafeRawBufferPointer) -> Void)? = nil)
        -> Result<CommitRecord, GitFailure>
    {
        var oid = id.oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, handle, &oid)
        guard code == 0, let commit else { return .failure(GitFailure(code: code)) }
        defer { git_commit_free(commit) }
        let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map(ObjectID.init)
        }
        if let message, let text = git_commit_message_raw(commit) {
            message(UnsafeRawBufferPointer(start: text, count: strlen(text)))
        }
        return .success(CommitRecord(id: id, tree: ObjectID(git_commit_tree_id(commit)), parents: parents,
                                     time: Int64(git_commit_time(commit))))
    }

    public func commitDetails(_ id: ObjectID) -> Result<CommitDetails, GitFailure> {
        var oid = id.oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, handle, &oid)
        guard code == 0, let commit else { return .failure(GitFailure(code: code)) }
        defer { git_commit_free(commit) }
        return .success(CommitDetails(author: Signature(git_commit_author(commit)),
                                      committer: Signature(git_commit_committer(commit))))
    }

    /// Loads `tips` and all their ancestors except those in `excluded`, parents after children. Parents that are not
    /// in the object database (a shallow clone's cut) are listed in `missing`; unreadable commits in `failures`.
    public func loadCommits(
        from tips: [ObjectID], excluding excluded: Set<ObjectID> = [],
        message: ((ObjectID, UnsafeRawBufferPointer) -> Void)? = nil
    ) -> (records: [CommitRecord], missing: [ObjectID], failures: [(ObjectID, GitFailure)]) {
        var records: [CommitRecord] = []
        var missing: [ObjectID] = []
        var failures: [(ObjectID, GitFailure)] = []
        var seen = excluded
        var pending = tips.filter { seen.insert($0).inserted }
        while let id = pending.popLast() {
            let result = commit(id, message: message.map { handler in { handler(id, $0) } })
            switch result {
            case .success(let record):
                records.append(record)
                for parent in record.parents where seen.insert(parent).inserted { pending.append(parent) }
            case .failure(let failure) where failure.isNotFound:
                missing.append(id)
            case .failure(let failure):
                failures.append((id, failure))
            }
        }
        return (records, missing, failures)
    }
}
