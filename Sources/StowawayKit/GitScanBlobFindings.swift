import StowawayEngine

/// A secret as the history walk tracks it: the rule that found it and its value (the finding's fingerprint inputs).
struct SecretKey: Hashable, Sendable {
    let ruleIndex: Int
    let secret: String
}

/// The candidates found in one blob, scanned once whatever the number of commits and paths holding it.
struct BlobFindings: Sendable {
    let candidates: [Candidate]
    let keys: Set<SecretKey>

    init(_ candidates: [Candidate]) {
        self.candidates = candidates
        keys = Set(candidates.map { SecretKey(ruleIndex: $0.ruleIndex, secret: $0.secret) })
    }

    func candidates(for key: SecretKey) -> [Candidate] {
        candidates.filter { $0.ruleIndex == key.ruleIndex && $0.secret == key.secret }
    }
}
