/// One place a secret was seen.
public struct Occurrence: Sendable, Hashable, Codable {
    public var provenance: Provenance
    public var location: Location
    /// The source line holding the start of the secret, kept in memory only; reporters redact it.
    public var lineText: String?
    /// When the secret was found inside an encoding (base64, percent, …), which one.
    public var decodedFrom: String?
    /// For a composite finding, where its other part was found (SARIF `relatedLocations`).
    public var related: [RelatedLocation]

    public init(provenance: Provenance, location: Location, lineText: String? = nil, decodedFrom: String? = nil,
                related: [RelatedLocation] = []) {
        self.provenance = provenance
        self.location = location
        self.lineText = lineText
        self.decodedFrom = decodedFrom
        self.related = related
    }
}

/// A secret found by a rule. The same secret seen in several places is one finding with several occurrences.
public struct Finding: Sendable, Hashable, Codable {
    public var ruleID: String
    public var ruleName: String
    public var severity: Severity
    public var confidence: Confidence
    /// The raw secret. It never leaves memory unredacted unless the user asks with `--show-secrets`. A composite
    /// finding's parts are joined with `CompositeSecret.separator` (see `secretParts`).
    public var secret: String
    public var fingerprint: Fingerprint
    public var message: String
    public var remediation: String
    public var occurrences: [Occurrence]

    public init(
        ruleID: String, ruleName: String, severity: Severity, confidence: Confidence, secret: String,
        message: String, remediation: String, occurrences: [Occurrence]
    ) {
        self.ruleID = ruleID
        self.ruleName = ruleName
        self.severity = severity
        self.confidence = confidence
        self.secret = secret
        self.fingerprint = Fingerprint(ruleID: ruleID, secret: secret)
        self.message = message
        self.remediation = remediation
        self.occurrences = occurrences
    }

    /// The secret's parts: two for a composite finding, else the secret alone.
    public var secretParts: [String] { CompositeSecret.parts(of: secret) }
}
