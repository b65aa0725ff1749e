/// Comments that mark a line as a known, accepted secret: stowaway's own and, for migration, the peers' markers.
public enum InlineAllow {
    public static let markers = ["stowaway:allow", "gitleaks:allow", "pragma: allowlist secret", "trufflehog:ignore",
                                 "kingfisher:ignore", "nosec"]

    public static func allows(line: String?) -> Bool {
        guard let line, line.contains(where: { $0 == ":" || $0 == "n" }) else { return false }
        return markers.contains { line.contains($0) }
    }
}
