/// The trees a walker read recently, by id, within a byte budget. A history walk diffs each commit against its parent,
/// whose trees it read as the previous commit's new trees (or a few commits earlier); a hit saves a pack read and
/// delta resolution. Two generations approximate least-recently-used: hits in the old one move to the young one, and
/// when the young one fills, the old one is dropped. (libgit2's object cache evicts arbitrary entries and, measured on
/// a history of 18,301 commits, missed most of these re-reads.)
final class TreeCache {
    private var young: [ObjectID: RawTree] = [:]
    private var old: [ObjectID: RawTree] = [:]
    private var youngBytes = 0
    /// Both generations together stay under about this many bytes (tree bytes and entry indexes).
    let budget: Int

    init(budget: Int) {
        self.budget = budget
    }

    subscript(id: ObjectID) -> RawTree? {
        if let tree = young[id] { return tree }
        guard let tree = old.removeValue(forKey: id) else { return nil }
        insert(tree, for: id)
        return tree
    }

    func insert(_ tree: RawTree, for id: ObjectID) {
        young[id] = tree
        youngBytes += tree.memoryFootprint
        if youngBytes > budget / 2 {
            swap(&young, &old)
            young.removeAll(keepingCapacity: true)
            youngBytes = 0
        }
    }
}
