import CGit2

/// A SHA-1 object id as a plain value: cheap to hash, compare and send between threads (libgit2's `git_oid` is a
/// C struct with a tuple inside).
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Big-endian words, so comparing them orders ids like their hex text.
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        (high, middle, low) = withUnsafeBytes(of: &copy) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
             UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
        }
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(rawBytes: UnsafeRawPointer(pointer)) }

    /// The 20 bytes at `bytes` (an id inside a raw tree object).
    init(rawBytes bytes: UnsafeRawPointer) {
        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// Parses 40 hexadecimal digits.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var words: [UInt64] = [0, 0, 0]
        for (index, digit) in digits.enumerated() {
            let value: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            words[index / 16] = words[index / 16] << 4 | UInt64(value)
        }
        high = words[0]
        middle = words[1]
        low = UInt32(words[2])
    }

    var oid: git_oid {
        var result = git_oid()
        withUnsafeMutableBytes(of: &result) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return result
    }

    public var hex: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 40)
        for index in 0..<16 {
            bytes[index] = alphabet[Int(high >> (60 - 4 * UInt64(index)) & 0xF)]
            bytes[16 + index] = alphabet[Int(middle >> (60 - 4 * UInt64(index)) & 0xF)]
        }
        for index in 0..<8 {
            bytes[32 + index] = alphabet[Int(low >> (28 - 4 * UInt32(index)) & 0xF)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { hex }

    /// The first 64 bits of a SHA-1 are as good a hash as all 160 (equality still compares all of them), at a
    /// third of the hashing: object ids key the history scan's largest tables.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
    }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }
}
