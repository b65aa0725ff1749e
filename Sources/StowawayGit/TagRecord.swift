import CGit2
import Foundation

/// An annotated tag object: its name, what it points at, and who made it.
public struct TagRecord: Sendable {
    public let id: ObjectID
    public let name: String
    public let target: ObjectID
    /// The commit reached by peeling the tag (nil when it tags a tree or a blob, or its target is missing).
    public let commit: ObjectID?
    public let tagger: Signature?
}

extension GitRepository {
    /// Reads an annotated tag; `message` receives the tag message bytes while they are valid.
    public func tag(_ id: ObjectID, message: ((UnsafeRawBufferPointer) -> Void)? = nil) -> Result<TagRecord, GitFailure> {
        var oid = id.oid
        var tag: OpaquePointer?
        let code = git_tag_lookup(&tag, handle, &oid)
        guard code == 0, let tag else { return .failure(GitFailure(code: code)) }
        defer { git_tag_free(tag) }
        if let message, let text = git_tag_message(tag) {
            message(UnsafeRawBufferPointer(start: text, count: strlen(text)))
        }
        var commit: ObjectID?
        var peeled: OpaquePointer?
        if git_tag_peel(&peeled, tag) == 0, let peeled {
            if git_object_type(peeled) == GIT_OBJECT_COMMIT { commit = ObjectID(git_object_id(peeled)) }
            git_object_free(peeled)
        }
        return .success(TagRecord(
            id: id, name: git_tag_name(tag).map { String(cString: $0) } ?? "", target: ObjectID(git_tag_target_id(tag)),
            commit: commit, tagger: git_tag_tagger(tag).map(Signature.init)))
    }
}
