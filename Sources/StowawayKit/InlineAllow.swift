/// Comments that mark a line as a known, accepted secret, on the line itself or the line before: stowaway's own and,
/// for migration, the peers' markers.
public enum InlineAllow {
    public static let markers = ["stowaway:allow", "gitleaks:allow", "pragma: allowlist secret", "trufflehog:ignore",
                                 "kingfisher:ignore"]

    public static func allows(line: String?) -> Bool {
        guard let line else { return false }
        return markers.contains { line.contains($0) }
    }
}
