import StowawayCore

/// What reading one layer left behind besides the contents handed to the sink.
public struct LayerReadResult: Sendable {
    public var listing: LayerListing
    public var issues: [ScanIssue]
}

/// Streams one layer blob straight out of its input with libarchive (compression told by content), nothing
/// extracted to disk. One per worker: it owns the worker's buffers, reused from layer to layer.
public final class LayerReader {
    public let limits: ArchiveLimits
    private let buffers: [ByteBuffer]

    public init(limits: ArchiveLimits) {
        self.limits = limits
        buffers = (0...max(0, limits.maxArchiveDepth)).map { _ in ByteBuffer() }
    }

    /// Reads the layer at `blobPath` of `store`; `label` names image and layer in messages.
    public func read(_ blobPath: String, from store: any BlobStore, label: String, budget: DecompressionBudget,
                     into sink: any ArchiveContentSink) -> LayerReadResult {
        let walker = ArchiveWalker(limits: limits, budget: budget, sink: sink, label: label, buffers: buffers)
        do throws(StowawayError) {
            let range = try store.range(of: blobPath)
            let reader = try ArchiveReader(formats: .tar)
            do {
                try reader.open(range)
            } catch {
                throw StowawayError("", "cannot read the layer (unknown compression or not a tar): \(error.message)")
            }
            walker.walk(ArchiveWalker.Level(reader: reader, depth: 0, prefix: "", layerPath: nil))
            walker.finish()
        } catch {
            return LayerReadResult(listing: walker.listing,
                                   issues: walker.issues + [ScanIssue(.error, input: label, message: error.message)])
        }
        return LayerReadResult(listing: walker.listing, issues: walker.issues)
    }
}
