/// The released version, printed by `stowaway --version` and written into every report.
public enum StowawayVersion {
    public static let current = "0.1.0"
}
