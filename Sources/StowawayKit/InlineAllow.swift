import StowawayCore
#if canImport(Glibc)
import Glibc
#endif

/// Comments that mark a line as a known, accepted secret, on the line itself or the line before: stowaway's own and,
/// for migration, the peers' markers.
public enum InlineAllow {
    public static let markers = ["stowaway:allow", "gitleaks:allow", "pragma: allowlist secret", "trufflehog:ignore",
                                 "kingfisher:ignore"]

    public static func allows(line: String?) -> Bool {
        guard var line else { return false }
        // memmem on the UTF-8 bytes: Foundation's `String.contains` ran five times on two lines of every candidate,
        // a sixth of a small tree scan's instructions. Every marker has a colon, most lines have none.
        return line.withUTF8 { bytes in
            guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: ":")), bytes.count) != nil else { return false }
            return markerBytes.contains { ByteSearch.firstOffset(of: $0, in: bytes) != nil }
        }
    }

    static let markerBytes = markers.map { Array($0.utf8) }
}
