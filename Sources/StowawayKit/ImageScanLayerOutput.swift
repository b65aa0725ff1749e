import StowawayCore
import StowawayDocker
import StowawayEngine
import StowawayImage

/// One layer blob to read, shared by every image of the input that uses it.
struct LayerTask: Sendable {
    var storeIndex: Int
    var blobPath: String
    var content: LayerPlan.Content
    /// Image and layer to name in messages (the first image using the blob).
    var label: String
    /// For scheduling the largest layers first.
    var size: Int
    var isForeign: Bool
    /// What the blob must hash to (checked as it is read).
    var expectedDigest: ExpectedDigest?
    /// What named the blob (`manifest sha256:…`), for the message when it is missing.
    var referencedBy: String
}

/// A file of a layer in which the engine or the Docker checks found something (candidates or problems).
struct ScannedLayerFile: Sendable {
    var file: ArchiveFile
    var result: BlobScanResult
    /// Dockerfile, Compose, Kubernetes, `.docker/config.json`… checks, for the files they recognise.
    var analysis: DockerAnalysis?
}

/// What scanning one whole file gave: the rule scan, plus the Docker checks when the file is one they read.
struct FileExamination: Sendable {
    var result: BlobScanResult
    var analysis: DockerAnalysis?
}

/// What reading and scanning one layer blob produced. Attributed to images (status, build step) only at the end,
/// when every layer of the image has been listed.
struct LayerScanOutput: Sendable {
    /// nil when the blob is not a filesystem (a JSON attestation) or could not be read at all.
    var listing: LayerListing?
    var files: [ScannedLayerFile] = []
    var issues: [ScanIssue] = []
    var filesScanned = 0
    var bytesScanned = 0
    var binarySkipped = 0

    /// Counts a scanned file; keeps it only when something was found in it.
    mutating func add(_ examination: FileExamination, file: ArchiveFile) {
        let result = examination.result
        filesScanned += 1
        bytesScanned += result.bytesScanned
        let analysis = examination.analysis.flatMap { $0.findings.isEmpty && $0.issues.isEmpty ? nil : $0 }
        if !result.candidates.isEmpty || !result.issues.isEmpty || analysis != nil {
            files.append(ScannedLayerFile(file: file, result: result, analysis: analysis))
        }
    }

    mutating func merge(_ other: LayerScanOutput) {
        listing = listing ?? other.listing
        files += other.files
        issues += other.issues
        filesScanned += other.filesScanned
        bytesScanned += other.bytesScanned
        binarySkipped += other.binarySkipped
    }
}
