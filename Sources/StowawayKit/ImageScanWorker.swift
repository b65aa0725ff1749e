import StowawayCore
import StowawayDocker
import StowawayEngine
import StowawayFiles
import StowawayImage

/// One image-scan worker: its own scanner and layer reader (libarchive handles never leave this thread). Reads the
/// layers it claims, scanning their files whole, or in chunks with streaming mode when large; small files may go
/// to idle workers through the queue. Between layers it scans files other readers handed over.
final class ImageLayerWorker: ArchiveContentSink {
    let scanner: BlobScanner
    let reader: LayerReader
    let scanBinary: Bool
    let queue: ImageScanQueue
    private var output = LayerScanOutput()
    private var task = 0
    private var label = ""
    private var chunked: (scan: ChunkedScan, file: ArchiveFile)?

    /// Files up to this size may be handed to another worker (a copy); larger ones are scanned where they are read.
    static let handOverLimit = 1 << 20

    init(engine: Engine, options: ImageScanOptions, queue: ImageScanQueue) throws(StowawayError) {
        scanner = try engine.makeScanner()
        scanner.timeLimit = options.timeout
        reader = LayerReader(limits: options.limits)
        scanBinary = options.scanBinary
        self.queue = queue
    }

    /// Works until the queue is empty and every layer has been read.
    func run(tasks: [LayerTask], stores: [any BlobStore], budgets: [DecompressionBudget]) {
        while let work = queue.next() {
            switch work {
            case .layer(let index):
                let task = tasks[index]
                queue.finishLayer(index, output: read(task, index: index, store: stores[task.storeIndex],
                                                      budget: budgets[task.storeIndex]))
            case .file(let job):
                let examination = job.contents.withUnsafeBytes { examine($0, path: job.file.path) }
                queue.record(examination, file: job.file, task: job.task)
            }
        }
    }

    private func read(_ task: LayerTask, index: Int, store: any BlobStore, budget: DecompressionBudget) -> LayerScanOutput {
        output = LayerScanOutput()
        self.task = index
        label = task.label
        if !store.contains(task.blobPath) {
            if task.isForeign {
                output.issues.append(ScanIssue(.note, input: task.label, message: "foreign layer not included in the archive; not scanned"))
            } else {
                let blob = task.expectedDigest.map { "blob \($0.digest.text)" } ?? "blob"
                output.issues.append(ScanIssue(.error, input: task.label, message:
                    "layer \(blob) listed in \(task.referencedBy) is missing: \(store.missingBlobPhrase(task.blobPath))"))
            }
            return output
        }
        switch task.content {
        case .filesystem:
            let read = reader.read(task.blobPath, from: store, label: task.label, expected: task.expectedDigest,
                                   budget: budget, into: self)
            output.listing = read.listing
            output.issues += read.issues
        case .document:
            do {
                let bytes = try store.contents(of: task.blobPath, limit: reader.limits.wholeFileLimit)
                if let expected = task.expectedDigest, let mismatch = expected.mismatch(bytes) {
                    output.issues.append(ScanIssue(.error, input: task.label, message: mismatch))
                }
                let file = ArchiveFile(path: task.blobPath, layerPath: task.blobPath)
                if let examination = bytes.withUnsafeBytes({ examine($0, path: file.path) }) { output.add(examination, file: file) }
            } catch {
                output.issues.append(ScanIssue(.error, input: task.label, message: error.message))
            }
        case .unknown(let mediaType):
            output.issues.append(ScanIssue(.error, input: task.label, message: "unknown media type \(mediaType); not scanned"))
        }
        return output
    }

    /// The rule scan and, for files they recognise, the Docker checks; nil when the content looks binary and binary
    /// files are skipped.
    private func examine(_ contents: UnsafeRawBufferPointer, path: String) -> FileExamination? {
        if !scanBinary, BinarySniffer.looksBinary(contents) { return nil }
        let result = scanner.scan(contents, path: path)
        guard contents.count <= DockerAnalyzer.maximumSize,
              let kind = DockerAnalyzer.kind(path: path, prefix: Array(contents.prefix(16 * 1024)))
        else { return FileExamination(result: result) }
        // No build context: inside an image there is no folder around a Dockerfile to compare it with.
        let analysis = DockerAnalyzer.analyze(kind: kind, path: path, text: String(decoding: contents, as: UTF8.self))
        return FileExamination(result: result, analysis: analysis)
    }

    func scanWhole(_ contents: UnsafeRawBufferPointer, file: ArchiveFile) {
        if contents.count <= Self.handOverLimit, queue.offer(task: task, file: file, contents: contents) { return }
        if let examination = examine(contents, path: file.path) {
            output.add(examination, file: file)
        } else {
            output.binarySkipped += 1
        }
    }

    func beginChunks(_ first: UnsafeRawBufferPointer, file: ArchiveFile) -> Bool {
        if !scanBinary, BinarySniffer.looksBinary(first) {
            output.binarySkipped += 1
            return false
        }
        do {
            let scan = try scanner.stream(path: file.path)
            scan.feed(first)
            chunked = (scan, file)
            return true
        } catch {
            output.issues.append(ScanIssue(.error, input: label, message: "\(file.path): \(error.message)"))
            return false
        }
    }

    func continueChunks(_ chunk: UnsafeRawBufferPointer) {
        chunked?.scan.feed(chunk)
    }

    func endChunks() {
        guard let chunked else { return }
        self.chunked = nil
        output.add(FileExamination(result: chunked.scan.finish()), file: chunked.file)
    }
}
