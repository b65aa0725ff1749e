/// The commits a scan walks, with parent links resolved to indexes, and a topological order over them.
public struct CommitGraph: Sendable {
    public let records: [CommitRecord]
    public let indexByID: [ObjectID: Int]
    /// For each commit, its parents that are in the graph.
    public let parentIndexes: [[Int]]

    public init(records: [CommitRecord]) {
        var unique: [CommitRecord] = []
        var index: [ObjectID: Int] = [:]
        for record in records where index[record.id] == nil {
            index[record.id] = unique.count
            unique.append(record)
        }
        self.records = unique
        indexByID = index
        // A commit naming the same parent twice (possible with hand-made objects) waits for it once.
        parentIndexes = unique.map { record in
            var seen = Set<Int>()
            return record.parents.compactMap { index[$0] }.filter { seen.insert($0).inserted }
        }
    }

    public var count: Int { records.count }

    /// Marks every commit reachable from `starts` (following parents).
    public func reachable(from starts: [Int]) -> [Bool] {
        var marked = [Bool](repeating: false, count: records.count)
        var pending = starts
        while let index = pending.popLast() {
            guard !marked[index] else { continue }
            marked[index] = true
            pending += parentIndexes[index].filter { !marked[$0] }
        }
        return marked
    }

    /// Parents before children. Among commits whose parents are all placed, the lowest `rank` goes first, then the
    /// oldest (committer time), then the smallest id — so the order is the same on every run.
    public func topologicalOrder(rank: [UInt8]) -> [Int] {
        var waiting = parentIndexes.map(\.count)
        var children = [[Int]](repeating: [], count: records.count)
        for (child, parents) in parentIndexes.enumerated() {
            for parent in parents { children[parent].append(child) }
        }
        var ready = Heap { (left: Int, right: Int) -> Bool in
            let l = (rank[left], records[left].time, records[left].id)
            let r = (rank[right], records[right].time, records[right].id)
            if l.0 != r.0 { return l.0 < r.0 }
            if l.1 != r.1 { return l.1 < r.1 }
            return l.2 < r.2
        }
        for index in records.indices where waiting[index] == 0 { ready.push(index) }
        var order: [Int] = []
        order.reserveCapacity(records.count)
        while let next = ready.pop() {
            order.append(next)
            for child in children[next] {
                waiting[child] -= 1
                if waiting[child] == 0 { ready.push(child) }
            }
        }
        return order
    }
}
