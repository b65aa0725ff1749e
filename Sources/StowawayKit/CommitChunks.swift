/// A commit order cut into contiguous chunks that workers claim as they free up: contiguous so a worker's tree cache
/// stays warm, several per worker because later commits have larger trees. One worker when the order is too short
/// to split into chunks of `minimumChunk`.
struct CommitChunks {
    let workers: Int
    let count: Int
    private let total: Int

    init(total: Int, threads: Int, minimumChunk: Int, chunksPerWorker: Int = 4) {
        self.total = total
        workers = max(1, min(threads, total / minimumChunk))
        count = workers == 1 ? 1 : max(workers, min(workers * chunksPerWorker, total / minimumChunk))
    }

    /// The positions in the order that chunk `index` covers.
    func positions(_ index: Int) -> Range<Int> {
        (index * total / count)..<((index + 1) * total / count)
    }
}
