import CHyperscan

/// Hyperscan reports every end offset at which a rule matches; a run of consecutive ends (a long token matched by a
/// `{20,}` repeat) is kept as one range so memory stays proportional to distinct matches, not to bytes.
final class HitCollector {
    struct Run {
        var rule: Int32
        var start: UInt64
        var end: UInt64
    }

    var runs: [Run] = []
    /// Index in `runs` of each rule's latest run, or -1.
    private var latest: [Int32]
    /// Stop collecting past this many runs in one blob (a pathological input); the caller reports it.
    let capacity: Int
    private(set) var overflowed = false
    /// Added to every reported offset (streaming: offsets are already absolute, so 0).
    var offsetBase: UInt64 = 0

    init(ruleCount: Int, capacity: Int = 4_000_000) {
        latest = [Int32](repeating: -1, count: ruleCount)
        self.capacity = capacity
    }

    func reset() {
        // Only the rules that have a run were touched (resetting all of them per file cost more than most scans).
        for run in runs { latest[Int(run.rule)] = -1 }
        runs.removeAll(keepingCapacity: true)
        overflowed = false
    }

    /// Returns false to stop the scan.
    @inline(__always)
    func add(rule: UInt32, end: UInt64) -> Bool {
        let position = latest[Int(rule)]
        if position >= 0 {
            let previous = runs[Int(position)].end
            if end >= previous, end - previous <= 1 {
                runs[Int(position)].end = end
                return true
            }
        }
        guard runs.count < capacity else {
            overflowed = true
            return false
        }
        latest[Int(rule)] = Int32(runs.count)
        runs.append(Run(rule: Int32(rule), start: end, end: end))
        return true
    }

    /// The C callback hyperscan calls for each hit; the collector comes through the context pointer.
    static let callback: match_event_handler = { id, _, to, _, context in
        let collector = Unmanaged<HitCollector>.fromOpaque(context!).takeUnretainedValue()
        return collector.add(rule: id, end: to) ? 0 : 1
    }
}
