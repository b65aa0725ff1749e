import StowawayGit

/// Parent trees for the diff of each commit: from the graph, or read on demand for parents outside a narrowed
/// selection. A parent that cannot be read (a shallow clone's cut) counts as an empty tree.
final class ParentTrees {
    let graph: CommitGraph
    let repository: GitRepository
    private var outside: [ObjectID: ObjectID?] = [:]
    private(set) var unreadableParents = Set<ObjectID>()

    init(graph: CommitGraph, repository: GitRepository) {
        self.graph = graph
        self.repository = repository
    }

    func trees(of record: CommitRecord) -> [ObjectID?] {
        record.parents.map { parent in
            if let index = graph.indexByID[parent] { return graph.records[index].tree }
            if let known = outside[parent] { return known }
            let tree = try? repository.commit(parent).get().tree
            if tree == nil { unreadableParents.insert(parent) }
            outside[parent] = .some(tree)
            return tree
        }
    }
}
