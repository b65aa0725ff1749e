import Synchronization

/// How far and how much the layer reader opens.
public struct ArchiveLimits: Sendable {
    /// Archives inside layers (tar, tar.gz, zip, jar…) are opened this many levels deep; a layer itself is level 0.
    public var maxArchiveDepth = 3
    /// Files (layer entries) larger than this are skipped with a note naming each (`--max-file-size`).
    public var maxFileSize = 256 << 20
    /// The most bytes decompressed from one stream: a layer, or an archive inside one. A bomb stops there with an
    /// error (what follows it in that stream is not scanned: exit 2) and the rest of the image is still scanned.
    public var maxDecompressedSize = 32 << 30
    /// The most bytes decompressed from one input (all its layers and nested archives). By default a fixed multiple
    /// of the per-stream cap, so one bomb cannot use up the whole input's allowance but many together are stopped.
    public var maxTotalDecompressedSize: Int?
    public static let totalFactor = 8

    public var totalDecompressedCap: Int {
        if let maxTotalDecompressedSize { return maxTotalDecompressedSize }
        let (product, overflow) = maxDecompressedSize.multipliedReportingOverflow(by: Self.totalFactor)
        return overflow ? Int.max : product
    }
    /// Files up to this size are handed over whole (block-mode scan); larger ones in chunks, so memory stays bounded.
    public var wholeFileLimit = 16 << 20

    public init() {}
}

/// Decompressed bytes of one input, shared by the workers reading its layers: once the total passes the limit,
/// every worker stops decompressing that input.
public final class DecompressionBudget: Sendable {
    public let limit: Int
    private let used = Atomic<Int>(0)

    public init(limit: Int) { self.limit = limit }

    /// Charges `bytes`; false once the total is over the limit.
    func consume(_ bytes: Int) -> Bool {
        used.add(bytes, ordering: .relaxed).newValue <= limit
    }

    public var bytesUsed: Int { used.load(ordering: .relaxed) }
}
