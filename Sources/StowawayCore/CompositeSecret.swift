#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A secret made of two parts found near each other (an AWS access key id and its secret key, a Twilio account SID
/// and its auth token): one finding carries both. The finding's `secret` holds the parts joined by a separator that
/// no scanned text can put inside a match, so the fingerprint covers the pair and the redactor can hide each part.
public enum CompositeSecret {
    /// ASCII unit separator: rule patterns never match it, so it cannot occur inside a part.
    public static let separator: Character = "\u{1F}"

    public static func join(_ parts: [String]) -> String {
        parts.joined(separator: String(separator))
    }

    /// The parts of a composite secret; a plain secret is its own single part.
    public static func parts(of secret: String) -> [String] {
        // Byte search: this runs for every finding, and Character search is Unicode-aware and slow.
        var text = secret
        let composite = text.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0x1F, bytes.count) != nil } ?? false }
        guard composite else { return [secret] }
        return secret.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }
}

/// Where the other part of a composite finding is (the partner of the occurrence's own location): the rule that
/// matched it, its place and its line (in memory only; reporters redact it).
public struct RelatedLocation: Sendable, Hashable, Codable {
    public var ruleID: String
    public var location: Location
    public var lineText: String?

    public init(ruleID: String, location: Location, lineText: String? = nil) {
        self.ruleID = ruleID
        self.location = location
        self.lineText = lineText
    }
}

/// What a composite rule pairs: two parts, each a list of rule ids any of which may supply it, found within
/// `withinLines` lines of each other in one blob.
public struct CompositeSpec: Sendable, Hashable, Codable {
    public var parts: [[String]]
    public var withinLines: Int

    public init(parts: [[String]], withinLines: Int) {
        self.parts = parts
        self.withinLines = withinLines
    }
}
