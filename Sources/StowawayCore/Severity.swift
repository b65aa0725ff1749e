/// Impact if the secret is real and live (see Rules/README.md, "Severity model").
public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
    case info, low, medium, high, critical

    /// Order used for gates such as `--fail-on`: info < low < medium < high < critical.
    public var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How sure a pattern is that what it matched is a secret rather than something shaped like one.
public enum Confidence: String, Sendable, CaseIterable, Codable, Comparable {
    case low, medium, high

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}
