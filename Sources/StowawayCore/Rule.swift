/// A detection rule as loaded from a rule pack. Rules are plain data; the engine compiles them.
public struct Rule: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var description: String
    public var severity: Severity
    public var confidence: Confidence
    public var pattern: String
    /// What hyperscan matches instead of `pattern`, for patterns too large for it to compile quickly (a private key's
    /// body): a part of every match (typically its opening) that ends close to where the match starts. PCRE2 then
    /// confirms the whole pattern from there, however long the match.
    public var prefilter: String?
    /// The capture group holding the secret; nil means "1 if the pattern has a group, else the whole match".
    public var secretGroup: Int?
    public var keywords: [String]
    public var minEntropy: Double?
    /// A checksum the secret carries (see `Checksums.names`): confidence is high when it holds, at most medium when not.
    public var checksum: String?
    /// Set on a composite rule: it has no pattern of its own and reports two other rules' matches found close together
    /// as one finding (see Rules/README.md, "Composite rules").
    public var composite: CompositeSpec?
    /// A rule whose matches only serve as a part of composite rules (an account name): never reported alone.
    public var partOnly: Bool
    /// The token format itself holds `%XX` (Twitter bearer tokens): a match is not percent-decoded.
    public var literalPercent: Bool
    public var checkPlaceholders: Bool
    public var allowPatterns: [String]
    public var stopwords: [String]
    public var pathInclude: [String]
    public var pathExclude: [String]
    public var references: [String]
    public var remediation: String
    public var tags: [String]
    public var examples: [RuleExample]
    public var negativeExamples: [RuleExample]
    /// Where the rule was defined, for messages ("Rules/forges/github.yml:12").
    public var origin: SourcePosition?

    public init(
        id: String, name: String, description: String = "", severity: Severity, confidence: Confidence,
        pattern: String, prefilter: String? = nil, secretGroup: Int? = nil, keywords: [String] = [], minEntropy: Double? = nil,
        checksum: String? = nil, composite: CompositeSpec? = nil, partOnly: Bool = false, literalPercent: Bool = false, checkPlaceholders: Bool = true, allowPatterns: [String] = [], stopwords: [String] = [],
        pathInclude: [String] = [], pathExclude: [String] = [], references: [String] = [], remediation: String = "",
        tags: [String] = [], examples: [RuleExample] = [], negativeExamples: [RuleExample] = [],
        origin: SourcePosition? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.severity = severity
        self.confidence = confidence
        self.pattern = pattern
        self.prefilter = prefilter
        self.secretGroup = secretGroup
        self.keywords = keywords
        self.minEntropy = minEntropy
        self.checksum = checksum
        self.composite = composite
        self.partOnly = partOnly
        self.literalPercent = literalPercent
        self.checkPlaceholders = checkPlaceholders
        self.allowPatterns = allowPatterns
        self.stopwords = stopwords
        self.pathInclude = pathInclude
        self.pathExclude = pathExclude
        self.references = references
        self.remediation = remediation
        self.tags = tags
        self.examples = examples
        self.negativeExamples = negativeExamples
        self.origin = origin
    }
}

/// One example text of a rule, with the place it was written so a failing check points at the YAML line.
public struct RuleExample: Sendable, Hashable, Codable {
    public var text: String
    public var origin: SourcePosition?

    public init(text: String, origin: SourcePosition? = nil) {
        self.text = text
        self.origin = origin
    }
}

/// A file and 1-based line (and column), used for rule origins and for errors in data files.
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line)" }
}
