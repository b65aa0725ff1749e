/// `algorithm:hex` as image manifests write digests, parsed strictly (OCI image spec, "Digests"): the algorithm is
/// `[a-z0-9]+([+._-][a-z0-9]+)*` and only sha256 (64 lowercase hex digits) and sha512 (128) are accepted. Blob paths
/// are built from a parsed digest only, so a manifest naming `sha256:../../etc/passwd` or `..:<hex>` cannot make a
/// path outside `blobs/`.
public struct Digest: Sendable, Hashable {
    public let algorithm: String
    public let hex: String

    /// Why a digest was refused, in words for the user.
    public enum Problem: Error, Sendable, Equatable {
        case notAlgorithmColonHex
        case malformedAlgorithm
        case unsupportedAlgorithm(String)
        case malformedHex(algorithm: String, length: Int)

        public var message: String {
            switch self {
            case .notAlgorithmColonHex: return "not of the form algorithm:hex"
            case .malformedAlgorithm: return "the algorithm must be lowercase letters and digits joined by + . _ or -"
            case .unsupportedAlgorithm(let algorithm): return "unsupported algorithm \(algorithm) (sha256 and sha512 only)"
            case .malformedHex(let algorithm, let length): return "\(algorithm) needs \(length) lowercase hex digits"
            }
        }
    }

    static let hexLength = ["sha256": 64, "sha512": 128]

    public static func parse(_ text: String) -> Result<Digest, Problem> {
        guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return .failure(.notAlgorithmColonHex) }
        let algorithm = Substring(text.utf8[..<colon])
        let hex = Substring(text.utf8[text.utf8.index(after: colon)...])
        guard !algorithm.isEmpty, !hex.isEmpty else { return .failure(.notAlgorithmColonHex) }
        guard isWellFormedAlgorithm(algorithm.utf8) else { return .failure(.malformedAlgorithm) }
        guard let length = hexLength[String(algorithm)] else { return .failure(.unsupportedAlgorithm(String(algorithm))) }
        guard hex.utf8.count == length, hex.utf8.allSatisfy(isLowercaseHex) else {
            return .failure(.malformedHex(algorithm: String(algorithm), length: length))
        }
        return .success(Digest(algorithm: String(algorithm), hex: String(hex)))
    }

    private init(algorithm: String, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    public init?(_ text: String) {
        guard case .success(let digest) = Self.parse(text) else { return nil }
        self = digest
    }

    /// The digest a blob path encodes: `blobs/sha256/<hex>` or Docker's `<hex>.json` config name.
    init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 3, parts[parts.count - 3] == "blobs", let digest = Digest("\(parts[parts.count - 2]):\(parts[parts.count - 1])") {
            self = digest
            return
        }
        if let last = parts.last, last.hasSuffix(".json"), let digest = Digest("sha256:" + last.dropLast(5)) {
            self = digest
            return
        }
        return nil
    }

    /// Where an image layout keeps the blob: hex and algorithm are checked, so the path stays inside `blobs/`.
    public var blobPath: String { "blobs/\(algorithm)/\(hex)" }

    public var text: String { algorithm + ":" + hex }

    /// `sha256:0123456789ab`: enough to tell images apart in names.
    public var short: String { algorithm + ":" + hex.prefix(12) }

    private static func isWellFormedAlgorithm(_ bytes: Substring.UTF8View) -> Bool {
        var previousWasSeparator = true
        for byte in bytes {
            let isSeparator = byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
            if isSeparator {
                if previousWasSeparator { return false }
            } else if !(isLowercaseLetterOrDigit(byte)) {
                return false
            }
            previousWasSeparator = isSeparator
        }
        return !previousWasSeparator
    }

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
