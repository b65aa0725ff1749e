import CGit2

/// One staged file that a commit would add or change, and which of its lines are new.
public struct StagedFile: Sendable {
    public enum NewLines: Sendable, Equatable {
        /// The file is new to every parent: all of it is being added.
        case all
        /// Line numbers (1-based, in the staged blob) added relative to every parent.
        case lines(Set<Int>)
        /// Binary content has no lines: compare its secrets with `previousBlobs` instead.
        case binary
    }

    public let path: String
    /// The staged blob (from the index, never the working tree).
    public let blob: ObjectID
    public let newLines: NewLines
    /// What the parent(s) had at this path, or at the path the file was renamed from.
    public let previousBlobs: [ObjectID]
}

/// What `git commit` would record now: the index compared with HEAD (and, during a merge, with each MERGE_HEAD, so
/// content merged in from the other side is not reported as new).
public struct StagedChanges: Sendable {
    public var files: [StagedFile] = []
    /// False in a fresh repository (no commit yet): everything staged is new.
    public var hasHead = false
    public var mergeHeads: [ObjectID] = []
    /// Paths with unresolved conflicts (Git refuses to commit them; they are not scanned).
    public var conflicts: [String] = []
}

extension GitRepository {
    /// `indexFile` is the index to read instead of the repository's own: git points hooks at a temporary one
    /// (`GIT_INDEX_FILE`) for `git commit -a` and `git commit PATH`.
    public func stagedChanges(indexFile: String? = nil) -> Result<StagedChanges, GitFailure> {
        var index: OpaquePointer?
        let indexCode = indexFile.map { git_index_open(&index, $0) } ?? git_repository_index(&index, handle)
        guard indexCode == 0, let index else { return .failure(GitFailure(code: indexCode)) }
        defer { git_index_free(index) }
        var changes = StagedChanges()
        var bases: [ObjectID?] = []
        switch headTree() {
        case .success(let tree):
            changes.hasHead = tree != nil
            bases.append(tree)
        case .failure(let failure):
            return .failure(failure)
        }
        changes.mergeHeads = mergeHeads()
        for head in changes.mergeHeads {
            guard case .success(let record) = commit(head) else { continue }
            bases.append(record.tree)
        }
        var perBase: [[String: StagedFile]] = []
        for base in bases {
            switch stagedFiles(index: index, base: base, conflicts: &changes.conflicts) {
            case .success(let files): perBase.append(files)
            case .failure(let failure): return .failure(failure)
            }
        }
        changes.conflicts = Array(Set(changes.conflicts)).sorted()
        // New means new relative to every parent the commit will have.
        guard let first = perBase.first else { return .success(changes) }
        for path in first.keys.sorted() {
            var merged = first[path]!
            var present = true
            for other in perBase.dropFirst() {
                guard let file = other[path], file.blob == merged.blob else {
                    present = false
                    break
                }
                merged = StagedFile(path: path, blob: merged.blob, newLines: Self.intersect(merged.newLines, file.newLines),
                                    previousBlobs: merged.previousBlobs + file.previousBlobs)
            }
            if present { changes.files.append(merged) }
        }
        return .success(changes)
    }

    private static func intersect(_ left: StagedFile.NewLines, _ right: StagedFile.NewLines) -> StagedFile.NewLines {
        switch (left, right) {
        case (.binary, _), (_, .binary): return .binary
        case (.all, let other), (let other, .all): return other
        case (.lines(let one), .lines(let two)): return .lines(one.intersection(two))
        }
    }

    /// HEAD's tree; nil when HEAD is unborn (a repository with no commit yet).
    private func headTree() -> Result<ObjectID?, GitFailure> {
        var reference: OpaquePointer?
        let code = git_repository_head(&reference, handle)
        if code == GIT_EUNBORNBRANCH.rawValue || code == GIT_ENOTFOUND.rawValue { return .success(nil) }
        guard code == 0, let reference else { return .failure(GitFailure(code: code)) }
        defer { git_reference_free(reference) }
        var tree: OpaquePointer?
        let peelCode = git_reference_peel(&tree, reference, GIT_OBJECT_TREE)
        guard peelCode == 0, let tree else { return .failure(GitFailure(code: peelCode)) }
        defer { git_object_free(tree) }
        return .success(ObjectID(git_object_id(tree)))
    }

    private func mergeHeads() -> [ObjectID] {
        final class Collector { var ids: [ObjectID] = [] }
        let collector = Collector()
        _ = git_repository_mergehead_foreach(handle, { oid, payload in
            guard let oid, let payload else { return 0 }
            Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue().ids.append(ObjectID(oid))
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
        return collector.ids
    }

    /// The index compared with one base tree (nil: no commit yet), renames detected, keyed by staged path.
    private func stagedFiles(index: OpaquePointer, base: ObjectID?, conflicts: inout [String])
        -> Result<[String: StagedFile], GitFailure>
    {
        var baseTree: OpaquePointer?
        if let base {
            var oid = base.oid
            let code = git_tree_lookup(&baseTree, handle, &oid)
            guard code == 0 else { return .failure(GitFailure(code: code)) }
        }
        defer { if let baseTree { git_tree_free(baseTree) } }
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        var diff: OpaquePointer?
        let code = git_diff_tree_to_index(&diff, handle, baseTree, index, &options)
        guard code == 0, let diff else { return .failure(GitFailure(code: code)) }
        defer { git_diff_free(diff) }
        // A staged rename (`git mv`) must not make the whole moved file look new.
        var findOptions = git_diff_find_options()
        git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        findOptions.flags = GIT_DIFF_FIND_RENAMES.rawValue
        _ = git_diff_find_similar(diff, &findOptions)

        var files: [String: StagedFile] = [:]
        for deltaIndex in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, deltaIndex)?.pointee else { continue }
            let path = String(cString: delta.new_file.path)
            switch delta.status {
            case GIT_DELTA_CONFLICTED:
                conflicts.append(path)
                continue
            case GIT_DELTA_ADDED, GIT_DELTA_MODIFIED, GIT_DELTA_RENAMED, GIT_DELTA_COPIED, GIT_DELTA_TYPECHANGE:
                break
            default:
                continue
            }
            let mode = UInt32(delta.new_file.mode)
            guard mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue
                || mode == GIT_FILEMODE_LINK.rawValue else { continue }
            let blob = ObjectID(delta.new_file.id)
            var oldID = delta.old_file.id
            let previous = git_oid_is_zero(&oldID) == 1 || delta.status == GIT_DELTA_ADDED ? [] : [ObjectID(oldID)]
            let newLines: StagedFile.NewLines
            if previous.isEmpty {
                newLines = Self.isBinary(diff: diff, index: deltaIndex) ? .binary : .all
            } else {
                newLines = Self.addedLines(diff: diff, index: deltaIndex)
            }
            files[path] = StagedFile(path: path, blob: blob, newLines: newLines, previousBlobs: previous)
        }
        return .success(files)
    }

    private static func isBinary(diff: OpaquePointer, index: Int) -> Bool {
        var patch: OpaquePointer?
        guard git_patch_from_diff(&patch, diff, index) == 0, let patch else { return true }
        defer { git_patch_free(patch) }
        return (git_patch_get_delta(patch).pointee.flags & GIT_DIFF_FLAG_BINARY.rawValue) != 0
    }

    /// New-side line numbers of the lines the diff adds.
    private static func addedLines(diff: OpaquePointer, index: Int) -> StagedFile.NewLines {
        var patch: OpaquePointer?
        guard git_patch_from_diff(&patch, diff, index) == 0, let patch else { return .binary }
        defer { git_patch_free(patch) }
        if (git_patch_get_delta(patch).pointee.flags & GIT_DIFF_FLAG_BINARY.rawValue) != 0 { return .binary }
        var lines = Set<Int>()
        let addition = CChar(truncatingIfNeeded: GIT_DIFF_LINE_ADDITION.rawValue)
        for hunk in 0..<git_patch_num_hunks(patch) {
            let count = git_patch_num_lines_in_hunk(patch, hunk)
            guard count > 0 else { continue }
            for lineIndex in 0..<Int(count) {
                var line: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&line, patch, hunk, lineIndex) == 0, let line else { continue }
                if line.pointee.origin == addition, line.pointee.new_lineno > 0 { lines.insert(Int(line.pointee.new_lineno)) }
            }
        }
        return .lines(lines)
    }
}
