import StowawayCore

/// What reading one layer left behind besides the contents handed to the sink.
public struct LayerReadResult: Sendable {
    public var listing: LayerListing
    public var issues: [ScanIssue]
}

/// Streams one layer blob straight out of its input with libarchive (compression told by content), nothing
/// extracted to disk. One per worker: it owns the worker's buffers, reused from layer to layer.
///
/// Two readers are chained: a raw-format reader undoes the compression and hands the bytes, uncopied, to a tar
/// reader. The chain lets the blob be hashed as it streams past (checked against its digest when the tar ends) and
/// lets whatever follows the tar's end-of-archive marker be looked at, which a tar reader never does.
public final class LayerReader {
    public let limits: ArchiveLimits
    private let buffers: [ByteBuffer]

    public init(limits: ArchiveLimits) {
        self.limits = limits
        buffers = (0...max(0, limits.maxArchiveDepth)).map { _ in ByteBuffer() }
    }

    /// Reads the layer at `blobPath` of `store`; `label` names image and layer in messages. When `expected` is
    /// given, a blob that does not hash to it is an error; its files are scanned and reported all the same.
    public func read(_ blobPath: String, from store: any BlobStore, label: String, expected: ExpectedDigest? = nil,
                     budget: DecompressionBudget, into sink: any ArchiveContentSink) -> LayerReadResult {
        let walker = ArchiveWalker(limits: limits, budget: budget, sink: sink, label: label, buffers: buffers)
        var issues: [ScanIssue] = []
        do throws(StowawayError) {
            let range = try store.range(of: blobPath)
            let blob = FileRangeSource(range)
            if case .blob(let digest) = expected { blob.hasher = BlobHasher(expecting: digest) }
            let stream = try ArchiveReader(formats: .raw)
            do {
                try stream.open(source: blob)
            } catch {
                throw StowawayError("", "cannot read the layer (unknown compression or not a tar): \(error.message)")
            }
            let decompressed = LayerStreamSource(stream: stream)
            if case .uncompressed(let digest) = expected { decompressed.hasher = BlobHasher(expecting: digest) }
            var endedCleanly = true
            switch stream.next() {
            case .entry:
                let tar = try ArchiveReader(formats: .tar, decompress: false)
                do {
                    try tar.open(source: decompressed)
                } catch {
                    throw StowawayError("", "cannot read the layer (unknown compression or not a tar): \(error.message)")
                }
                endedCleanly = walker.walk(ArchiveWalker.Level(reader: tar, depth: 0, prefix: "", layerPath: nil, stream: stream))
                if endedCleanly {
                    endedCleanly = checkTrailing(decompressed, consumed: tar.decompressedPosition, label: label, into: &issues)
                }
            case .end:
                break // An empty blob: an empty layer.
            case .failure(let message):
                throw StowawayError("", "cannot read the layer (unknown compression or not a tar): \(message)")
            }
            walker.finish()
            if endedCleanly {
                checkCompressedTrailing(blob, stream: stream, label: label, into: &issues)
                if let expected { verify(expected, blob: blob, decompressed: decompressed, label: label, into: &issues) }
            }
        } catch {
            return LayerReadResult(listing: walker.listing,
                                   issues: walker.issues + issues + [ScanIssue(.error, input: label, message: error.message)])
        }
        return LayerReadResult(listing: walker.listing, issues: walker.issues + issues)
    }

    /// Bytes after the tar's end-of-archive marker: zeros are padding; anything else is data no runtime extracts,
    /// which is worth a warning (it is not scanned). False when the rest could not be read to its end.
    private func checkTrailing(_ decompressed: LayerStreamSource, consumed: Int, label: String,
                               into issues: inout [ScanIssue]) -> Bool {
        let trailing = decompressed.readTrailing(consumed: consumed, limit: limits.maxDecompressedSize)
        if trailing.hasData {
            issues.append(ScanIssue(.warning, input: label, message:
                "\(trailing.stoppedAtLimit ? "more than " : "")\(trailing.bytes) bytes after the end of the layer's tar archive, not all zero padding, were ignored (not scanned)"))
        }
        if let failure = trailing.failure {
            issues.append(ScanIssue(.warning, input: label, message: "cannot read past the end of the layer's tar archive: \(failure)"))
            return false
        }
        if trailing.stoppedAtLimit {
            issues.append(ScanIssue(.warning, input: label, message:
                "stopped reading after the end of the layer's tar archive at --max-decompressed-size \(limits.maxDecompressedSize); digest not verified"))
            return false
        }
        return true
    }

    /// A compressed blob whose compressed stream ends before the blob does (gzip stops at the end of its last
    /// member): what follows is not part of the layer.
    private func checkCompressedTrailing(_ blob: FileRangeSource, stream: ArchiveReader, label: String,
                                         into issues: inout [ScanIssue]) {
        guard stream.isCompressed else { return }
        let consumed = stream.consumedInputBytes
        guard consumed >= 0, consumed < blob.range.length else { return }
        let remaining = blob.range.length - consumed
        var chunk = [UInt8](repeating: 0, count: min(remaining, 1 << 20))
        var offset = consumed
        var hasData = false
        while offset < blob.range.length, !hasData {
            let wanted = min(chunk.count, blob.range.length - offset)
            let got = chunk.withUnsafeMutableBytes { blob.range.file.read(into: $0.baseAddress!, count: wanted, at: blob.range.offset + offset) }
            guard got > 0 else { break }
            hasData = chunk[..<got].contains { $0 != 0 }
            offset += got
        }
        if hasData {
            issues.append(ScanIssue(.warning, input: label, message:
                "\(remaining) bytes after the end of the layer's compressed stream were ignored (not scanned)"))
        }
    }

    /// Checks the digest once the whole blob went past; the rest of it is read first when the decompressor stopped
    /// short (gzip leaves bytes after its last member unread).
    private func verify(_ expected: ExpectedDigest, blob: FileRangeSource, decompressed: LayerStreamSource, label: String,
                        into issues: inout [ScanIssue]) {
        let found: Digest?
        switch expected {
        case .blob:
            if let failure = blob.readRest() {
                issues.append(ScanIssue(.warning, input: label, message: "digest not verified: \(failure)"))
                return
            }
            found = blob.hasher?.finish()
        case .uncompressed:
            found = decompressed.hasher?.finish()
        }
        guard let found, found != expected.digest else { return }
        issues.append(ScanIssue(.error, input: label, message: expected.mismatchMessage(found: found)))
    }
}

extension ExpectedDigest {
    /// The error for a blob that hashed to `found`.
    func mismatchMessage(found: Digest) -> String {
        let what = if case .blob = self { "layer blob" } else { "uncompressed layer (its diff id)" }
        return "\(what) does not match its digest: \(digest.text) expected, \(found.text) found (tampered or corrupt; its files were scanned all the same)"
    }

    /// The error for a blob held whole (a document layer) that does not hash to the digest; nil when it does.
    public func mismatch(_ bytes: [UInt8]) -> String? {
        let found = BlobHasher.digest(of: bytes, like: digest)
        return found == digest ? nil : mismatchMessage(found: found)
    }
}
