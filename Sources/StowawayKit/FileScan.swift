#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import StowawayCore
import StowawayDocker
import StowawayEngine
import StowawayFiles
import Synchronization

public struct FileScanOptions: Sendable {
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var walk = FileWalkOptions()
    /// Scan files that look binary (a NUL in the first 8 KiB) instead of skipping them.
    public var scanBinary = false
    /// Files larger than this are skipped with a note naming each.
    public var maxFileSize = Settings().maxFileSize
    /// Seconds one file may take to scan before it is abandoned with an error naming it (`--timeout`); nil: none.
    public var timeout: Double? = Settings().timeout
    /// Files larger than this are scanned in chunks (streaming mode) instead of being read whole.
    public var chunkThreshold = 32 * 1024 * 1024
    public var chunkSize = 8 * 1024 * 1024
    /// Draw a progress line on standard error when it is a terminal.
    public var showProgress = false

    public init() {}
}

/// The tree scan: walk the roots, then scan files on `threads` workers, each with its own scanner and read buffer.
public struct FileScan: Sendable {
    public let engine: Engine
    public let options: FileScanOptions

    public init(engine: Engine, options: FileScanOptions) {
        self.engine = engine
        self.options = options
    }

    public func run(roots: [String]) -> ScanReport {
        let engine = self.engine
        return Self.run(roots: roots, options: options, loadEngine: { engine })
    }

    /// Starts walking `roots` at once and scans with the engine `loadEngine` returns, called on this thread while the
    /// walk runs: with more than one core, loading the rules no longer delays the walk. An error from `loadEngine`
    /// ends the scan (the walk is told no worker will come, so it finishes on its own).
    public static func run(roots: [String], options: FileScanOptions, loadEngine: () throws -> Engine) rethrows
        -> ScanReport
    {
        let started = DispatchTime.now()
        let workerCount = max(1, options.threads)
        let feed = FileFeed(consumers: workerCount)
        let progress = ScanProgress.onTerminal(total: 0, noun: "files", enabled: options.showProgress)
        let walkResult = Mutex(FileWalkResult())
        // The walk hands files to the workers as it finds them; its index is built once it has seen everything.
        let walkAll: @Sendable () -> Void = {
            // The index grows with the walk; the walk result keeps no file once handed over.
            let building = Mutex(WalkIndex())
            var walk = FileWalkResult(onFiles: { batch in
                progress?.addToTotal(batch.count)
                feed.add(batch)
                building.withLock { $0.add(batch) }
            })
            let walker = FileWalker(options: options.walk)
            for root in roots {
                let prefix = roots.count > 1 ? Self.displayRoot(root) : ""
                walker.walk(root: root, displayPrefix: prefix, into: &walk)
            }
            var index = building.withLock { index in
                defer { index = WalkIndex() }
                return index
            }
            index.finish()
            walk.onFiles = nil  // every file was handed over: the result keeps only counts and issues
            walkResult.withLock { [walk] in $0 = walk }
            feed.finish(index: index)
            progress?.refresh()
        }
        // The walk runs on a thread of its own (not a dispatch worker, which the workers below could starve while
        // they wait for files), also with one worker: the feed holds only a bounded number of files, so a walk that
        // ran first would wait for a scan that had not started.
        Thread(block: walkAll).start()
        let engine: Engine
        do {
            engine = try loadEngine()
        } catch {
            for _ in 0..<workerCount { feed.consumerLeft() }
            progress?.finish()
            throw error
        }
        let outcomes = Mutex<[ScanOutcome]>([])
        DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
            var outcome = ScanOutcome()
            do {
                let worker = try FileWorker(engine: engine, options: options, feed: feed)
                while let file = feed.next() {
                    let bytesBefore = outcome.bytesScanned
                    let hitsBefore = outcome.hits.count
                    worker.scan(file, into: &outcome)
                    progress?.itemDone(bytes: outcome.bytesScanned - bytesBefore, findings: outcome.hits.count - hitsBefore)
                }
                worker.analyzeDeferred(into: &outcome)
            } catch {
                outcome.issues.append(ScanIssue(.error, input: "engine", message: "\(error)"))
            }
            feed.consumerLeft()
            let finished = outcome
            outcomes.withLock { $0.append(finished) }
        }

        progress?.finish()
        var merged = ScanOutcome()
        for outcome in outcomes.withLock({ $0 }) { merged.merge(outcome) }
        let walk = walkResult.withLock { $0 }
        var summary = ScanSummary()
        summary.filesExcluded = walk.excludedFiles
        summary.symlinksSkipped = walk.symlinksSkipped
        return merged.report(engine: engine, started: started, summary: summary, extraIssues: walk.issues)
    }

    /// The Docker/Compose/Kubernetes/CI semantic checks the tree scan runs besides the rule pack.
    public static var semanticRules: [Rule] { DockerRules.all }

    static func displayRoot(_ root: String) -> String {
        var text = root
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        if text.hasPrefix("./") { text.removeFirst(2) }
        return text
    }
}

/// One worker's state: its scanner and a reusable read buffer.
final class FileWorker {
    let scanner: BlobScanner
    let options: FileScanOptions
    private var buffer: [UInt8] = []
    private var contexts: [String: BuildContext] = [:]
    private let feed: FileFeed
    /// Dockerfiles and Compose files met before the walk ended, with their bytes: their build context needs it.
    private var deferred: [(file: WalkedFile, bytes: [UInt8])] = []

    init(engine: Engine, options: FileScanOptions, feed: FileFeed) throws {
        scanner = try engine.makeScanner()
        scanner.timeLimit = options.timeout
        self.options = options
        self.feed = feed
    }

    /// The semantic checks put off until the walk was complete; call once `feed` has no more files.
    func analyzeDeferred(into outcome: inout ScanOutcome) {
        let waiting = deferred
        deferred = []
        for (file, bytes) in waiting {
            if buffer.count < bytes.count + 1 { buffer = [UInt8](repeating: 0, count: bytes.count + 1) }
            buffer.replaceSubrange(0..<bytes.count, with: bytes)
            analyzeDockerSemantics(file, length: bytes.count, into: &outcome)
        }
    }

    func scan(_ file: WalkedFile, into outcome: inout ScanOutcome) {
        let descriptor = open(file.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            outcome.issues.append(ScanIssue(.error, input: file.displayPath, message: "cannot open: \(String(cString: strerror(errno)))"))
            return
        }
        defer { close(descriptor) }
        // Read first and fstat only when the buffer fills or nothing comes back: nearly every file of a tree is
        // smaller than the buffer, and the walk already saw a regular file (O_NOFOLLOW and O_NONBLOCK keep a
        // swapped-in link or FIFO from misleading or blocking the read).
        if buffer.count < (1 << 20) { buffer = [UInt8](repeating: 0, count: 1 << 20) }
        var length = 0
        var readError: Int32?
        var checkedSize = false
        while true {
            readToEnd(descriptor, length: &length, error: &readError)
            let readFailed = readError != nil
            if readFailed || length == 0 || length == buffer.count {
                if checkedSize { break }
                checkedSize = true
                var info = stat()
                guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    outcome.issues.append(ScanIssue(.note, input: file.displayPath, message: "no longer a regular file; skipped"))
                    return
                }
                let size = Int(info.st_size)
                if size > options.maxFileSize {
                    outcome.tooLarge += 1
                    outcome.issues.append(ScanIssue(.note, input: file.displayPath,
                                                    message: "skipped: \(size) bytes is over --max-file-size (\(options.maxFileSize))"))
                    return
                }
                if size > options.chunkThreshold {
                    guard lseek(descriptor, 0, SEEK_SET) == 0 else {
                        outcome.issues.append(ScanIssue(.error, input: file.displayPath, message: "cannot seek: \(String(cString: strerror(errno)))"))
                        return
                    }
                    scanChunked(descriptor, size: size, file: file, into: &outcome)
                    return
                }
                // Room for one byte more than the size: a file that grew while we read is scanned up to what fits.
                if !readFailed, length == buffer.count, buffer.count < size + 1 {
                    buffer.append(contentsOf: repeatElement(0, count: size + 1 - buffer.count))
                    continue
                }
            }
            break
        }
        if let readError {
            outcome.issues.append(ScanIssue(.error, input: file.displayPath, message: "read failed: \(String(cString: strerror(readError)))"))
            return
        }
        if length > options.maxFileSize {
            outcome.tooLarge += 1
            outcome.issues.append(ScanIssue(.note, input: file.displayPath,
                                            message: "skipped: \(length) bytes is over --max-file-size (\(options.maxFileSize))"))
            return
        }
        let result: BlobScanResult? = buffer.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[0..<length])
            if !options.scanBinary, BinarySniffer.looksBinary(data) { return nil }
            return scanner.scan(data, path: file.displayPath)
        }
        guard let result else {
            outcome.binarySkipped += 1
            return
        }
        outcome.record(result, provenance: .file(file.displayPath))
        analyzeDockerSemantics(file, length: length, into: &outcome)
    }

    /// Reads from `descriptor` into the buffer after `length` until EOF (or a short read), an error, or a full buffer.
    private func readToEnd(_ descriptor: Int32, length: inout Int, error: inout Int32?) {
        var total = length
        var failure: Int32?
        buffer.withUnsafeMutableBytes { raw in
            while total < raw.count {
                let count = read(descriptor, raw.baseAddress! + total, raw.count - total)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                total += count
                // A regular file reads short only at its end: no second call just to be told so (one syscall fewer
                // per file). Anything else swapped in reads as far as this call got.
                if count < raw.count - (total - count) { return }
            }
        }
        length = total
        error = failure
    }

    /// Dockerfile, Compose, Kubernetes, registry-config and CI checks on the files the analyzer recognises. Runs after
    /// the rule scan of the same bytes, so `ScanOutcome.report` can keep one finding per secret and place.
    private func analyzeDockerSemantics(_ file: WalkedFile, length: Int, into outcome: inout ScanOutcome) {
        guard length <= DockerAnalyzer.maximumSize else { return }
        guard let kind = DockerAnalyzer.kind(path: file.displayPath, prefix: Array(buffer[0..<min(length, 16 * 1024)]))
        else { return }
        let text = String(decoding: buffer[0..<length], as: UTF8.self)
        let path = String(decoding: file.path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Listing the build context is the costly part; a file that copies nothing never needs it.
        let copiesFiles = kind != .dockerfile || Self.mentionsCopy(buffer, length: length)
        var context: BuildContext?
        if kind.needsBuildContext, copiesFiles {
            guard let index = feed.index else {
                deferred.append((file, Array(buffer[0..<length])))
                return
            }
            context = buildContext(around: path, index: index)
        }
        outcome.record(DockerAnalyzer.analyze(kind: kind, path: file.displayPath, text: text, context: context),
                       provenance: .file(file.displayPath))
    }

    /// Whether a Dockerfile has a COPY or ADD instruction (either case) anywhere.
    static func mentionsCopy(_ buffer: [UInt8], length: Int) -> Bool {
        buffer.withUnsafeBufferPointer { bytes in
            var index = 0
            while index + 4 <= length {
                let a = bytes[index] | 0x20, b = bytes[index + 1] | 0x20, c = bytes[index + 2] | 0x20
                if (a == 0x63 && b == 0x6F && c == 0x70 && bytes[index + 3] | 0x20 == 0x79)  // copy
                    || (a == 0x61 && b == 0x64 && c == 0x64 && (bytes[index + 3] == 0x20 || bytes[index + 3] == 0x09)) {  // add
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// The folder of a Dockerfile or Compose file, taken from the walk (files in one folder share it per worker).
    private func buildContext(around path: String, index: WalkIndex) -> BuildContext {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        if let known = contexts[directory] { return known }
        let listing = index.context(below: directory.isEmpty ? "/" : directory, limit: BuildContext.limit)
        let context = BuildContext(directory: directory.isEmpty ? "/" : directory, files: listing.files,
                                   candidates: listing.candidates, truncated: listing.truncated)
        contexts[directory] = context
        return context
    }

    /// Reads at most `size` bytes (the size when opened): a file that keeps growing while it is read (a live log)
    /// cannot keep a worker reading forever.
    private func scanChunked(_ descriptor: Int32, size: Int, file: WalkedFile, into outcome: inout ScanOutcome) {
        let chunked: ChunkedScan
        do {
            chunked = try scanner.stream(path: file.displayPath)
        } catch {
            outcome.issues.append(ScanIssue(.error, input: file.displayPath, message: error.message))
            return
        }
        if buffer.count < options.chunkSize { buffer = [UInt8](repeating: 0, count: options.chunkSize) }
        var first = true
        var remaining = size
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, min(options.chunkSize, remaining)) }
            if count < 0 {
                if errno == EINTR { continue }
                outcome.issues.append(ScanIssue(.error, input: file.displayPath, message: "read failed: \(String(cString: strerror(errno)))"))
                break
            }
            if count == 0 { break }
            remaining -= count
            let binary = buffer.withUnsafeBytes { raw in
                first && !options.scanBinary && BinarySniffer.looksBinary(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
            }
            if binary {
                outcome.binarySkipped += 1
                return
            }
            first = false
            buffer.withUnsafeBytes { chunked.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            // Past the --timeout the rest of the file is not even read; `finish` reports it.
            if chunked.timedOut { break }
        }
        outcome.record(chunked.finish(), provenance: .file(file.displayPath))
    }
}
