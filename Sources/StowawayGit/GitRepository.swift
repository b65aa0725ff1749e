import CGit2
import Foundation
import StowawayCore

/// One open repository and its object database. libgit2 handles must not be shared between threads that use them
/// at the same time, so each worker opens its own from `location`.
public final class GitRepository {
    let handle: OpaquePointer
    let odb: OpaquePointer
    public let location: RepositoryLocation

    /// Opens the repository containing `path` (searching parent directories, like `git` does): a working tree, a
    /// linked worktree, a `.git` directory or a bare repository.
    public init(discovering path: String) throws(StowawayError) {
        GitLibrary.initialize()
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var opened: OpaquePointer?
        let code = git_repository_open_ext(&opened, absolute, 0, nil)
        guard code == 0, let opened else {
            let failure = GitFailure(code: code)
            if failure.isNotFound { throw StowawayError(path, "not a Git repository (or any of its parent directories)") }
            throw failure.asError(path)
        }
        var database: OpaquePointer?
        let odbCode = git_repository_odb(&database, opened)
        guard odbCode == 0, let database else {
            let failure = GitFailure(code: odbCode)
            git_repository_free(opened)
            throw failure.asError(path)
        }
        handle = opened
        odb = database
        let workdir = git_repository_workdir(opened).map { String(cString: $0) }
        location = RepositoryLocation(
            openedPath: absolute,
            gitDirectory: Self.trimmed(String(cString: git_repository_path(opened))),
            commonDirectory: Self.trimmed(String(cString: git_repository_commondir(opened))),
            workingDirectory: workdir.map(Self.trimmed),
            isBare: git_repository_is_bare(opened) == 1,
            isShallow: git_repository_is_shallow(opened) == 1)
    }

    /// Opens another handle on the same repository (one per worker thread).
    public convenience init(location: RepositoryLocation) throws(StowawayError) {
        try self.init(discovering: location.openedPath)
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(handle)
    }

    private static func trimmed(_ path: String) -> String {
        var text = path
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// An object's kind and size, read from its header only (packed deltas are not applied).
    public func header(_ id: ObjectID) -> Result<(kind: ObjectKind, size: Int), GitFailure> {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let code = git_odb_read_header(&size, &type, odb, &oid)
        guard code == 0 else { return .failure(GitFailure(code: code)) }
        return .success((ObjectKind(type), size))
    }

    /// Reads an object's content and lends it to `body`; the bytes are freed when `body` returns.
    public func withObject<Result>(_ id: ObjectID, _ body: (ObjectKind, UnsafeRawBufferPointer) -> Result)
        -> Swift.Result<Result, GitFailure>
    {
        var oid = id.oid
        var object: OpaquePointer?
        let code = git_odb_read(&object, odb, &oid)
        guard code == 0, let object else { return .failure(GitFailure(code: code)) }
        defer { git_odb_object_free(object) }
        let data = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
        return .success(body(ObjectKind(git_odb_object_type(object)), data))
    }

    /// Every object id in the object database, loose and packed, reachable or not, each listed once.
    public func allObjectIDs() -> Result<[ObjectID], GitFailure> {
        final class Collector {
            var ids: [ObjectID] = []
            var seen = Set<ObjectID>()
        }
        let collector = Collector()
        let code = git_odb_foreach(odb, { oid, payload in
            guard let oid, let payload else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
            let id = ObjectID(oid)
            // An object can be both loose and packed, or in several packs.
            if collector.seen.insert(id).inserted { collector.ids.append(id) }
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
        guard code == 0 else { return .failure(GitFailure(code: code)) }
        return .success(collector.ids)
    }

    /// The commit a revision expression names (`main`, `v1.2^{}`, `HEAD~3`, an id), tags peeled.
    public func resolveCommit(_ revision: String) -> Result<ObjectID, GitFailure> {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        guard code == 0, let object else { return .failure(GitFailure(code: code)) }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peelCode = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        guard peelCode == 0, let peeled else { return .failure(GitFailure(code: peelCode)) }
        defer { git_object_free(peeled) }
        return .success(ObjectID(git_object_id(peeled)))
    }

    /// The best common ancestors of two commits (for `A...B`).
    public func mergeBases(_ first: ObjectID, _ second: ObjectID) -> [ObjectID] {
        var bases = git_oidarray()
        var one = first.oid
        var two = second.oid
        guard git_merge_bases(&bases, handle, &one, &two) == 0 else { return [] }
        defer { git_oidarray_dispose(&bases) }
        return (0..<bases.count).map { ObjectID(bases.ids[$0]) }
    }

    /// Where hooks live: `core.hooksPath` when set, else the common directory's `hooks/`.
    public func hooksDirectory() -> String {
        var config: OpaquePointer?
        if git_repository_config_snapshot(&config, handle) == 0, let config {
            defer { git_config_free(config) }
            var buffer = git_buf()
            if git_config_get_path(&buffer, config, "core.hooksPath") == 0, let pointer = buffer.ptr {
                let configured = String(cString: pointer)
                git_buf_dispose(&buffer)
                if configured.hasPrefix("/") { return configured }
                // Git runs hooks from the top of the working tree (the Git directory when bare).
                let base = location.workingDirectory ?? location.gitDirectory
                return URL(fileURLWithPath: base).appendingPathComponent(configured).standardizedFileURL.path
            }
        }
        var buffer = git_buf()
        if git_repository_item_path(&buffer, handle, GIT_REPOSITORY_ITEM_HOOKS) == 0, let pointer = buffer.ptr {
            defer { git_buf_dispose(&buffer) }
            return Self.trimmed(String(cString: pointer))
        }
        return location.commonDirectory + "/hooks"
    }
}
