import StowawayCore

/// A confirmed match of one rule in one blob, after the rule's own filters (entropy, placeholders, allow-list).
public struct Candidate: Sendable {
    public var ruleIndex: Int
    /// The rule's confidence, raised or lowered by a checksum check.
    public var confidence: Confidence
    public var secret: String
    public var location: Location
    /// The line holding the secret's start (in memory only; reporters redact it).
    public var lineText: String
    /// The line before it, where an allow comment may stand (`# stowaway:allow` above a long line).
    public var previousLineText: String? = nil
    /// Set when the secret was found after decoding ("base64", "utf-16").
    public var decodedFrom: String? = nil
    /// For a composite candidate: where its second part is, and the line before that part (an allow comment there
    /// counts for the pair too).
    public var related: [RelatedLocation] = []
    public var relatedPreviousLineTexts: [String?] = []
}

/// What scanning one blob produced.
public struct BlobScanResult: Sendable {
    public var candidates: [Candidate] = []
    /// Problems met (a rule whose pattern could not be compiled, a match limit reached, too many hits).
    public var issues: [ScanIssue] = []
    public var bytesScanned: Int = 0

    public init() {}
}
