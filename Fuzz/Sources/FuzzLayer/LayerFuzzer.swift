import FuzzSupport
import StowawayCore
import StowawayImage

/// Tight limits so a decompression bomb in the corpus costs milliseconds, not the whole run; the limits themselves
/// are part of what is tested.
let limits: ArchiveLimits = {
    var limits = ArchiveLimits()
    limits.maxDecompressedSize = 8 << 20
    limits.maxTotalDecompressedSize = 16 << 20
    limits.wholeFileLimit = 1 << 20
    return limits
}()
nonisolated(unsafe) let reader = LayerReader(limits: limits)

/// The same bytes two ways: as a layer blob (libarchive with any compression, nested archives, the walker's path and
/// whiteout handling) and as an image archive given on the command line (the outer tar index, spooling of a compressed
/// archive, then planning and reading every layer it names).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    FuzzScratch.write(bytes, to: "layer/blob")
    guard let layout = try? ImageInput.path(FuzzScratch.path("layer")).open() else { fatalError("the layer folder does not open") }
    let sink = ReadingSink()
    let budget = DecompressionBudget(limit: limits.totalDecompressedCap)
    let result = reader.read("blob", from: layout.store, label: "fuzz layer 0", budget: budget, into: sink)
    for issue in result.issues { precondition(!issue.message.isEmpty, "an issue without a message") }

    let archivePath = FuzzScratch.write(bytes, to: "archive.tar")
    guard let archive = try? ImageInput.path(archivePath).open() else { return 0 }
    let planner = ImagePlanner.plan(archive.store)
    let archiveBudget = DecompressionBudget(limit: limits.totalDecompressedCap)
    for image in planner.images {
        for layer in image.layers where layer.content == .filesystem && archive.store.contains(layer.blobPath) {
            _ = reader.read(layer.blobPath, from: archive.store, label: "\(image.name) layer \(layer.index)",
                            expected: layer.expectedDigest, budget: archiveBudget, into: sink)
        }
    }
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzLayer_main")
public func fuzzLayerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzLayer)
}
