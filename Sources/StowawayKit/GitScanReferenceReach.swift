import StowawayGit

/// Which references reach each commit of interest, computed in one pass over the topological order with a bit set
/// per commit (one bit per commit of interest), freed once all of a commit's children have taken it.
///
/// Branches (local and remote), the stash, notes and detached HEADs are all listed: each is a place the secret must
/// be purged from. Tags and other snapshot namespaces (`refs/pull/*` in a mirror) can number thousands on an old
/// commit, so only the earliest ones in topological order are listed (the first release that shipped it, like
/// `git describe --contains`). At most `limit` names are listed.
enum GitReferenceReach {
    static let limit = 50

    /// References (full names) whose tips reach each target commit. A commit no reference reaches lists the reflogs
    /// that do, as `reflog:NAME`.
    static func compute(graph: CommitGraph, order: [Int], targets: Set<Int>, roots: HistoryRoots) -> [Int: [String]] {
        guard !targets.isEmpty else { return [:] }
        let targetList = targets.sorted()
        var bitOf: [Int: Int] = [:]
        for (bit, target) in targetList.enumerated() { bitOf[target] = bit }
        let words = (targetList.count + 63) / 64

        // Each name's namespace is worked out once here, not once per commit of interest it reaches.
        var referenceLabels: [Int: [Label]] = [:]
        for reference in roots.references {
            guard let commit = reference.commit, let index = graph.indexByID[commit] else { continue }
            referenceLabels[index, default: []].append(Label(name: reference.name,
                                                             namespace: snapshotNamespace(reference.name)))
        }
        var reflogLabels: [Int: [String]] = [:]
        for reflog in roots.reflogs {
            for commit in reflog.commits {
                guard let index = graph.indexByID[commit], reflogLabels[index]?.last != "reflog:" + reflog.name else { continue }
                reflogLabels[index, default: []].append("reflog:" + reflog.name)
            }
        }

        var remainingChildren = [Int](repeating: 0, count: graph.count)
        for parents in graph.parentIndexes { for parent in parents { remainingChildren[parent] += 1 } }
        var bits = [[UInt64]?](repeating: nil, count: graph.count)
        var reached = [Int: Reached]()
        for (position, index) in order.enumerated() {
            var own: [UInt64]?
            if let bit = bitOf[index] {
                own = [UInt64](repeating: 0, count: words)
                own![bit / 64] |= 1 << UInt64(bit % 64)
            }
            for parent in graph.parentIndexes[index] {
                if let inherited = bits[parent] {
                    if own == nil {
                        own = inherited
                    } else {
                        for word in 0..<words { own![word] |= inherited[word] }
                    }
                }
                remainingChildren[parent] -= 1
                if remainingChildren[parent] == 0 { bits[parent] = nil }
            }
            guard let mask = own else { continue }
            if remainingChildren[index] > 0 { bits[index] = mask }
            let labels = referenceLabels[index] ?? []
            let logs = reflogLabels[index] ?? []
            guard !labels.isEmpty || !logs.isEmpty else { continue }
            for word in 0..<words where mask[word] != 0 {
                for offset in 0..<64 where mask[word] & (1 << UInt64(offset)) != 0 {
                    let target = targetList[word * 64 + offset]
                    reached[target, default: Reached()].add(labels, reflogs: logs, position: position)
                }
            }
        }
        return reached.mapValues { $0.names(limit: limit, defaultBranch: roots.defaultBranch) }
    }

    /// A reference name and its snapshot namespace (nil for branches and the like).
    struct Label {
        let name: String
        let namespace: String?
    }

    /// What reaches one commit, gathered tip by tip.
    struct Reached {
        var listed = Set<String>()
        /// Per snapshot namespace (`refs/tags/`, `refs/pull/`), the earliest tips' position and names.
        var earliest: [String: (position: Int, names: [String])] = [:]
        var reflogs = Set<String>()

        mutating func add(_ labels: [Label], reflogs logs: [String], position: Int) {
            reflogs.formUnion(logs)
            for label in labels {
                let name = label.name
                guard let namespace = label.namespace else {
                    listed.insert(name)
                    continue
                }
                // Appended in place (no copy held): 100,000 tags on one commit must stay linear, not quadratic.
                if let current = earliest[namespace]?.position {
                    if current < position { continue }
                    if current == position {
                        earliest[namespace]!.names.append(name)
                        continue
                    }
                }
                earliest[namespace] = (position, [name])
            }
        }

        func names(limit: Int, defaultBranch: String?) -> [String] {
            let snapshots = earliest.keys.sorted().flatMap { earliest[$0]!.names.sorted() }
            let branches = listed.sorted { GitReferenceReach.referenceOrder($0, $1, defaultBranch: defaultBranch) }
            let all = branches + snapshots
            if all.isEmpty { return Array(reflogs.sorted().prefix(limit)) }
            return Array(all.prefix(limit))
        }
    }

    /// Namespaces whose references are snapshots rather than lines of work; nil for branches and the like.
    static func snapshotNamespace(_ name: String) -> String? {
        if name.hasPrefix("refs/heads/") || name.hasPrefix("refs/remotes/") || !name.hasPrefix("refs/")
            || name == "refs/stash" || name.hasPrefix("refs/notes/") { return nil }
        let parts = name.split(separator: "/", maxSplits: 2)
        return parts.count == 3 ? "refs/\(parts[1])/" : nil
    }

    /// The default branch first, then local branches, remote branches and the rest (stash, notes, HEAD), each
    /// alphabetically.
    static func referenceOrder(_ left: String, _ right: String, defaultBranch: String?) -> Bool {
        func group(_ name: String) -> Int {
            if name == defaultBranch { return 0 }
            if name.hasPrefix("refs/heads/") { return 1 }
            if name.hasPrefix("refs/remotes/") { return 2 }
            return 3
        }
        let (l, r) = (group(left), group(right))
        return l != r ? l < r : left < right
    }
}
