/// Token formats that carry their own checksum. A token whose checksum holds is almost certainly a real issued
/// token (raise confidence); one whose checksum fails is likely a hand-made fake or a test value.
public enum Checksums {
    /// Names usable in a rule's `checksum:` field.
    public static let names: Set<String> = ["crc32-base62", "gitlab-routable-crc32"]

    /// nil when the validator is unknown.
    public static func validate(_ name: String, _ secret: String) -> Bool? {
        switch name {
        case "crc32-base62": return crc32Base62Holds(Array(secret.utf8))
        case "gitlab-routable-crc32": return gitlabRoutableHolds(Array(secret.utf8))
        default: return nil
        }
    }

    /// GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm (`npm_`) tokens end with six base62 digits of the CRC32
    /// of the random part between the `_` prefix and the checksum.
    static func crc32Base62Holds(_ bytes: [UInt8]) -> Bool {
        let start = (bytes.firstIndex(of: UInt8(ascii: "_")) ?? -1) + 1
        guard bytes.count - start > 6 else { return false }
        let body = bytes[start..<(bytes.count - 6)]
        var value: UInt64 = 0
        for byte in bytes.suffix(6) {
            guard let digit = base62Digit(byte) else { return false }
            value = value * 62 + UInt64(digit)
        }
        return value == UInt64(crc32(body))
    }

    public static func crc32Base62Tail<Bytes: Sequence>(_ body: Bytes) -> String where Bytes.Element == UInt8 {
        var value = crc32(body)
        var tail = ""
        for _ in 0..<6 {
            tail = String(base62Alphabet[Int(value % 62)]) + tail
            value /= 62
        }
        return tail
    }

    /// GitLab routable tokens (`glpat-<base64url payload>.01.<LL><CCCCCCC>`, GitLab's
    /// `Authn::TokenField::Generator::RoutableToken`): `LL` is the payload's length in base 36 (two digits) and
    /// `CCCCCCC` the CRC32 of everything before it, prefix included, in base 36 (seven digits, lower case).
    static func gitlabRoutableHolds(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 9 + 4, let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")), bytes.count - lastDot - 1 == 9,
              let versionDot = bytes[..<lastDot].lastIndex(of: UInt8(ascii: ".")),
              // The payload is base64url and may hold `-`: it starts after the prefix's first one.
              let payloadStart = bytes[..<versionDot].firstIndex(of: UInt8(ascii: "-")).map({ $0 + 1 })
        else { return false }
        let lengthDigits = bytes[(lastDot + 1)..<(lastDot + 3)]
        let crcDigits = bytes[(lastDot + 3)...]
        guard let length = base36Value(lengthDigits), let crc = base36Value(crcDigits),
              length == UInt64(versionDot - payloadStart)
        else { return false }
        return crc == UInt64(crc32(bytes[..<(lastDot + 3)]))
    }

    /// A routable token for tests and rule examples: `prefix`, the base64url of the random bytes, routing payload and
    /// payload length byte, version `01`, the payload's length and the CRC32, as GitLab builds them.
    public static func gitlabRoutableToken(prefix: String, randomBytes: [UInt8], routingPayload: String) -> String {
        let payload = Array(routingPayload.utf8)
        let encoded = base64URL(randomBytes + payload + [UInt8(truncatingIfNeeded: payload.count)])
        let head = prefix + encoded + ".01." + base36(UInt64(encoded.utf8.count), width: 2)
        return head + base36(UInt64(crc32(Array(head.utf8))), width: 7)
    }

    static func base36(_ value: UInt64, width: Int) -> String {
        let text = String(value, radix: 36)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func base36Value<Bytes: Sequence>(_ bytes: Bytes) -> UInt64? where Bytes.Element == UInt8 {
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case 48...57: digit = UInt64(byte - 48)
            case 97...122: digit = UInt64(byte - 97 + 10)
            default: return nil
            }
            value = value * 36 + digit
        }
        return value
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
            for position in 0..<(chunk.count + 1) { output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 63)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static let base62Alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func base62Digit(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: Int(byte) - 48
        case 65...90: Int(byte) - 65 + 10
        case 97...122: Int(byte) - 97 + 36
        default: nil
        }
    }

    public static func crc32<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = (value >> 1) ^ (0xEDB8_8320 & (0 &- (value & 1))) }
        return value
    }
}
