import CHyperscan
import StowawayCore

/// Scans data that arrives in chunks with hyperscan's streaming mode, so a match spanning two chunks is still found
/// and memory stays bounded: only a window of recent bytes is kept for PCRE2 confirmation.
public final class ChunkedScan {
    let scanner: BlobScanner
    let scratch: HyperscanScratch
    let path: String
    private var stream: OpaquePointer?
    /// Recent bytes, starting at absolute offset `bufferStart`.
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var pending: [HitCollector.Run] = []
    private var confirmation: Confirmation
    private var locator = LineLocator()
    private var result = BlobScanResult()

    /// Bytes kept past a hit before it is confirmed, so a `\b` or a greedy tail after it is visible.
    static let lookahead = 1024

    init(scanner: BlobScanner, database: HyperscanDatabase, scratch: HyperscanScratch, path: String,
         deadline: ScanDeadline) throws(StowawayError) {
        self.scanner = scanner
        self.scratch = scratch
        self.path = path
        confirmation = Confirmation(ruleCount: scanner.engine.rules.count)
        confirmation.deadline = deadline
        var opened: OpaquePointer?
        guard hs_open_stream(database.pointer, 0, &opened) == HS_SUCCESS, let opened else {
            throw StowawayError(path, "cannot open a hyperscan stream")
        }
        stream = opened
        scanner.collector.reset()
    }

    deinit {
        if let stream { hs_close_stream(stream, nil, nil, nil) }
    }

    /// True once the per-file `--timeout` has run out: further chunks are ignored, so a reader may stop reading.
    public var timedOut: Bool { confirmation.deadline.expired }

    /// Feeds the next chunk. Matches are confirmed once enough following bytes are known.
    public func feed(_ chunk: UnsafeRawBufferPointer) {
        guard let stream, chunk.count > 0, let base = chunk.baseAddress, !confirmation.deadline.check() else { return }
        buffer.append(contentsOf: chunk)
        result.bytesScanned += chunk.count
        scanner.collector.reset()
        let context = Unmanaged.passUnretained(scanner.collector).toOpaque()
        var offset = 0
        while offset < chunk.count {
            let length = min(chunk.count - offset, Int(UInt32.max))
            hs_scan_stream(stream, (base + offset).assumingMemoryBound(to: CChar.self), UInt32(length), 0,
                           scratch.pointer, HitCollector.callback, context)
            offset += length
        }
        if scanner.collector.overflowed {
            result.issues.append(ScanIssue(.error, input: path,
                                           message: "too many candidate matches in one chunk; some may be missed"))
        }
        pending += scanner.collector.runs
        confirm(final: false)
    }

    /// Ends the stream and returns everything found.
    public func finish() -> BlobScanResult {
        if let stream, !confirmation.deadline.expired {
            scanner.collector.reset()
            let context = Unmanaged.passUnretained(scanner.collector).toOpaque()
            hs_close_stream(stream, scratch.pointer, HitCollector.callback, context)
            self.stream = nil
            pending += scanner.collector.runs
        }
        if !confirmation.deadline.expired { confirm(final: true) }
        if confirmation.deadline.expired {
            result.issues.append(ScanDeadline.issue(path: path, seconds: scanner.timeLimit))
        }
        result.candidates = CompositeResolution.fold(result.candidates, engine: scanner.engine)
        return result
    }

    private func confirm(final: Bool) {
        let bufferEnd = bufferStart + buffer.count
        let ready: [HitCollector.Run]
        if final {
            ready = pending
            pending = []
        } else {
            let limit = UInt64(max(0, bufferEnd - Self.lookahead))
            ready = pending.filter { $0.end < limit }
            pending = pending.filter { $0.end >= limit }
        }
        buffer.withUnsafeBytes { data in
            let matches = confirmation.confirm(runs: ready, in: data, baseOffset: bufferStart, path: path,
                                               scanner: scanner, issues: &result.issues)
            result.candidates += locator.locate(OverlapResolution.bestPerSpan(matches, rules: scanner.engine.rules),
                                                in: data, baseOffset: bufferStart)
        }
        guard !final else { return }
        // Keep what a pending or future hit may need: its window plus the lookahead.
        let earliestPending = pending.map { Int($0.start) }.min() ?? bufferEnd
        let keepFrom = max(bufferStart, min(bufferEnd - Self.lookahead, earliestPending) - Engine.maximumWindow - Self.lookahead)
        if keepFrom > bufferStart + 4 * 1024 * 1024 || (keepFrom > bufferStart && buffer.count > 8 * 1024 * 1024) {
            buffer.withUnsafeBytes { data in locator.consume(upTo: keepFrom, in: data, baseOffset: bufferStart) }
            buffer.removeFirst(keepFrom - bufferStart)
            bufferStart = keepFrom
        }
    }
}
