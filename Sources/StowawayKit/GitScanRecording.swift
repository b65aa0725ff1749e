import StowawayCore
import StowawayEngine

extension ScanOutcome {
    /// Records candidates of a blob that was already counted when it was scanned: Git attributes one scan's
    /// candidates to the commits and paths that introduced them, later and possibly several times.
    mutating func recordAttributed(_ candidates: [Candidate], provenance: Provenance) {
        guard !candidates.isEmpty else { return }
        var result = BlobScanResult()
        result.candidates = candidates
        let scanned = filesScanned
        record(result, provenance: provenance)
        filesScanned = scanned
    }
}
