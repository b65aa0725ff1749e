import Crypto

/// Rule id + SHA-256 of the secret: position-independent, so baselines survive moved lines and files, and one secret
/// seen in many places is one finding.
public struct Fingerprint: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let value: String

    public init(ruleID: String, secret: String) {
        value = ruleID + ":" + sha256Hex(Array(secret.utf8))
    }

    public init(rawValue: String) { value = rawValue }

    public var description: String { value }

    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { lhs.value < rhs.value }

    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Lower-case hex SHA-256 of bytes (fingerprints, cache keys).
public func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digest = SHA256.hash(data: Array(bytes))
    // Two table lookups per byte: formatting each byte with String(radix:) and joining was most of a fingerprint's cost.
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in digest {
        text.append(hexDigits[Int(byte >> 4)])
        text.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}

private let hexDigits = Array("0123456789abcdef".utf8)
