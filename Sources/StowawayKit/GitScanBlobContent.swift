import StowawayCore
import StowawayEngine
import StowawayGit

/// Scans one Git blob's bytes with a worker's scanner. Binary blobs are scanned as they are (a token in a SQLite file
/// or a log with NULs is still a token); gzip blobs are inflated first; blobs beyond block mode's 4 GiB are streamed.
final class GitBlobContentScanner {
    let scanner: BlobScanner
    let maximumInflatedSize: Int
    /// Inflated data up to this size is scanned in block mode (with decoding); more is streamed.
    static let inflatedBlockLimit = 32 * 1024 * 1024
    static let streamChunk = 8 * 1024 * 1024

    init(scanner: BlobScanner, maximumInflatedSize: Int) {
        self.scanner = scanner
        self.maximumInflatedSize = maximumInflatedSize
    }

    /// A scanner for one worker with the run's limits: inflated size and the per-blob `--timeout`.
    convenience init(engine: Engine, options: GitScanOptions) throws(StowawayError) {
        let scanner = try engine.makeScanner()
        scanner.timeLimit = options.timeout
        self.init(scanner: scanner, maximumInflatedSize: options.maximumInflatedSize)
    }

    /// `path` is where the blob was first seen ("" when no tree holds it); it picks the decoding policy and the
    /// path-scoped rules, and names the blob in messages.
    func scan(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool,
              pathScopedRules: PathScopedRules = .wherePathMatches) -> BlobScanResult {
        if GzipInflater.looksCompressed(data),
           let inflated = scanCompressed(data, path: path, applyPathFilters: applyPathFilters, pathScopedRules: pathScopedRules) {
            return inflated
        }
        if data.count > Int(UInt32.max) { return scanStreaming(data, path: path) }
        return scanner.scan(data, path: path, applyPathFilters: applyPathFilters, pathScopedRules: pathScopedRules)
    }

    private func scanStreaming(_ data: UnsafeRawBufferPointer, path: String) -> BlobScanResult {
        do {
            let chunked = try scanner.stream(path: path)
            var offset = 0
            while offset < data.count, !chunked.timedOut {
                let end = min(data.count, offset + Self.streamChunk)
                chunked.feed(UnsafeRawBufferPointer(rebasing: data[offset..<end]))
                offset = end
            }
            return chunked.finish()
        } catch {
            var result = BlobScanResult()
            result.issues.append(ScanIssue(.error, input: path, message: error.message))
            return result
        }
    }

    /// nil when the data is not gzip after all (then it is scanned as it is).
    private func scanCompressed(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool,
                                pathScopedRules: PathScopedRules) -> BlobScanResult? {
        let innerPath = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
        var buffer: [UInt8] = []
        var chunked: ChunkedScan?
        var streamError: StowawayError?
        let outcome = GzipInflater.inflate(data, limit: maximumInflatedSize) { piece in
            if let chunked {
                chunked.feed(piece)
                return
            }
            // Without a stream, only what fits block mode is scanned (the error says so).
            guard streamError == nil else { return }
            buffer.append(contentsOf: piece)
            guard buffer.count > Self.inflatedBlockLimit else { return }
            do {
                let stream = try scanner.stream(path: innerPath)
                buffer.withUnsafeBytes { stream.feed($0) }
                buffer = []
                chunked = stream
            } catch {
                streamError = error as? StowawayError ?? StowawayError(path, "\(error)")
            }
        }
        var result: BlobScanResult
        switch outcome {
        case .corrupt(0, _):
            return nil
        default:
            if let chunked {
                result = chunked.finish()
            } else {
                result = buffer.withUnsafeBytes {
                    scanner.scan($0, path: innerPath, applyPathFilters: applyPathFilters, pathScopedRules: pathScopedRules)
                }
            }
        }
        for index in result.candidates.indices {
            result.candidates[index].decodedFrom = result.candidates[index].decodedFrom.map { "gzip+" + $0 } ?? "gzip"
        }
        switch outcome {
        case .truncated(let size):
            result.issues.append(ScanIssue(.note, input: path, message: "gzip content scanned up to \(size) bytes only"))
        case .corrupt(let size, let reason):
            result.issues.append(ScanIssue(.warning, input: path,
                                           message: "gzip content damaged after \(size) bytes (\(reason)); scanned up to there"))
        case .complete:
            break
        }
        if let streamError { result.issues.append(ScanIssue(.error, input: path, message: streamError.message)) }
        return result
    }
}
