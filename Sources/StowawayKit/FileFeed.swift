import Foundation
import StowawayFiles

/// Files passed from the walk to the scan workers while the walk is still running, so two threads scan from the
/// start instead of waiting for a serial walk; and the walk's index once it is complete (a Dockerfile's build context
/// needs every file below its folder).
final class FileFeed: @unchecked Sendable {  // every field is guarded by `condition`
    private let condition = NSCondition()
    private var files: [WalkedFile] = []
    private var handedOut = 0
    private var finished = false
    private var completeIndex: WalkIndex?

    /// At most this many files wait (more only when one directory's batch is larger): a walk far ahead of the scan
    /// would otherwise hold the whole tree's file list, and memory would grow with the tree.
    let waitingLimit: Int

    /// Workers still taking files: once none is left (a worker that could not start), the walk no longer waits.
    private var consumers: Int

    init(consumers: Int, waitingLimit: Int = 16_384) {
        self.consumers = consumers
        self.waitingLimit = waitingLimit
    }

    /// Adds files for the workers; when `waitingLimit` files already wait, first waits until half of them are taken.
    func add(_ batch: ArraySlice<WalkedFile>) {
        condition.lock()
        // Once full, wait until half has been taken: waking the walk for every file taken would cost a context
        // switch per file when walk and scan share a core.
        if files.count - handedOut >= waitingLimit {
            while files.count - handedOut > waitingLimit / 2, consumers > 0 { condition.wait() }
        }
        files += batch
        condition.broadcast()
        condition.unlock()
    }

    /// The walk is over: no more files, and the index of all of them.
    func finish(index: WalkIndex) {
        condition.lock()
        completeIndex = index
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next file to scan, waiting while the walk may still find more; nil once the walk is over and every file
    /// has been handed out.
    func next() -> WalkedFile? {
        condition.lock()
        defer { condition.unlock() }
        while handedOut >= files.count, !finished { condition.wait() }
        guard handedOut < files.count else { return nil }
        let file = files[handedOut]
        handedOut += 1
        if files.count - handedOut == waitingLimit / 2 { condition.broadcast() }  // the walk may go on
        // Files handed out are not kept: the feed holds only what waits, not the whole walk.
        if handedOut >= 4096, handedOut * 2 >= files.count {
            files.removeFirst(handedOut)
            handedOut = 0
        }
        return file
    }

    /// A worker takes no more files (the walk is over, or the worker could not start).
    func consumerLeft() {
        condition.lock()
        consumers -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The index of every walked file, or nil while the walk is running.
    var index: WalkIndex? {
        condition.lock()
        defer { condition.unlock() }
        return completeIndex
    }
}
