import Dispatch
import StowawayCore
import StowawayEngine
import StowawayImage
import Synchronization

/// Work shared by the image-scan workers: layer blobs to read and, while a layer is being read, small files handed
/// over by its reader. A worker with no layer left scans other workers' files instead of idling, so one large layer
/// (or a single-layer image) still keeps every core busy. Memory stays bounded: files wait here only up to
/// `maximumQueuedBytes`; past that the reader scans them itself.
final class ImageScanQueue: Sendable {
    /// One file taken out of a layer, to be scanned by whichever worker is free.
    struct FileJob: Sendable {
        var task: Int
        var file: ArchiveFile
        var contents: [UInt8]
    }

    enum Work {
        case layer(Int)
        case file(FileJob)
    }

    private struct State {
        var nextLayer = 0
        var jobs: [FileJob] = []
        var jobsHead = 0
        var queuedBytes = 0
        var readersActive = 0
        var idleWorkers = 0
        var outputs: [LayerScanOutput]
    }

    let layerOrder: [Int]
    private let state: Mutex<State>
    /// Signalled once per job handed to an idle worker, and once per idle worker when all work is done.
    private let wake = DispatchSemaphore(value: 0)

    static let maximumQueuedBytes = 16 << 20
    static let maximumQueuedJobs = 256

    init(layerOrder: [Int], taskCount: Int) {
        self.layerOrder = layerOrder
        state = Mutex(State(outputs: Array(repeating: LayerScanOutput(), count: taskCount)))
    }

    /// The next thing to do, waiting while other workers are still reading layers; nil when everything is done.
    func next() -> Work? {
        while true {
            let work: Work?? = state.withLock { state in
                if state.jobsHead < state.jobs.count {
                    let job = state.jobs[state.jobsHead]
                    state.jobsHead += 1
                    state.queuedBytes -= job.contents.count
                    if state.jobsHead == state.jobs.count {
                        state.jobs.removeAll(keepingCapacity: true)
                        state.jobsHead = 0
                    }
                    return .some(.file(job))
                }
                if state.nextLayer < layerOrder.count {
                    state.nextLayer += 1
                    state.readersActive += 1
                    return .some(.layer(layerOrder[state.nextLayer - 1]))
                }
                if state.readersActive == 0 { return .some(nil) }
                state.idleWorkers += 1
                return nil
            }
            if let work { return work }
            wake.wait()
        }
    }

    /// Offers a file to the other workers; false when the queue is full (the caller scans it itself).
    func offer(task: Int, file: ArchiveFile, contents: UnsafeRawBufferPointer) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard state.idleWorkers > 0 || state.jobs.count - state.jobsHead < Self.maximumQueuedJobs / 8,
                  state.jobs.count - state.jobsHead < Self.maximumQueuedJobs,
                  state.queuedBytes + contents.count <= Self.maximumQueuedBytes else { return false }
            state.jobs.append(FileJob(task: task, file: file, contents: Array(contents)))
            state.queuedBytes += contents.count
            return true
        }
        if accepted { wakeOneIdle() }
        return accepted
    }

    /// Adds what a worker found in another worker's file to that layer's output.
    func record(_ examination: FileExamination?, file: ArchiveFile, task: Int) {
        state.withLock { state in
            guard let examination else {
                state.outputs[task].binarySkipped += 1
                return
            }
            state.outputs[task].add(examination, file: file)
        }
    }

    /// A reader finished its layer: merge what it found itself, and wake idle workers if nothing is left to do.
    func finishLayer(_ task: Int, output: LayerScanOutput) {
        let idle = state.withLock { state -> Int in
            state.outputs[task].merge(output)
            state.readersActive -= 1
            // Once no layer is being read or left to read, nobody can go idle again: wake everyone waiting so they
            // drain the remaining files or finish.
            guard state.readersActive == 0, state.nextLayer >= layerOrder.count else { return 0 }
            defer { state.idleWorkers = 0 }
            return state.idleWorkers
        }
        for _ in 0..<idle { wake.signal() }
    }

    var outputs: [LayerScanOutput] { state.withLock { $0.outputs } }

    private func wakeOneIdle() {
        let idle = state.withLock { state -> Bool in
            guard state.idleWorkers > 0 else { return false }
            state.idleWorkers -= 1
            return true
        }
        if idle { wake.signal() }
    }
}
