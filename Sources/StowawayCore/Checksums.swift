/// Token formats that carry their own checksum. A token whose checksum holds is almost certainly a real issued
/// token (raise confidence); one whose checksum fails is likely a hand-made fake or a test value.
public enum Checksums {
    /// Names usable in a rule's `checksum:` field.
    public static let names: Set<String> = ["crc32-base62"]

    /// nil when the validator is unknown.
    public static func validate(_ name: String, _ secret: String) -> Bool? {
        switch name {
        case "crc32-base62": return crc32Base62Holds(Array(secret.utf8))
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
