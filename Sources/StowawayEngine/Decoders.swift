/// Encodings a secret may hide behind in text: base64 (Kubernetes data, CI variables, basic-auth headers) and UTF-16
/// (Windows tools write it). Pure functions on bytes; the scanner decides when to use them. Public so the fuzz
/// harnesses (Fuzz/) can drive them on arbitrary bytes.
public enum Decoders {
    /// A run of encoded text and what it decodes to.
    public struct EncodedSpan: Sendable {
        public var start: Int
        public var end: Int
        public var decoded: [UInt8]
        /// For each decoded byte, the offset of the encoded text it came from (plus `end` at the end), when the
        /// encoding maps character by character; nil (base64) reports the whole span.
        public var offsets: [Int]? = nil
    }

    private static let base64Values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8).enumerated() {
            table[Int(byte)] = Int8(index)
        }
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "/"))] = 63
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Base64 runs of at least `minimumLength` characters that decode to printable text (so images, fonts and hashes,
    /// which decode to binary, are passed over). At most `limit` spans.
    public static func base64TextSpans(in data: UnsafeRawBufferPointer, minimumLength: Int = 20, limit: Int = 2000) -> [EncodedSpan] {
        encodedTextSpans(in: data, minimumLength: minimumLength, limit: limit).base64
    }

    /// Base64 and hex runs that decode to printable text, found in one pass: every hex run is also a run of base64
    /// characters, so looking for hex costs nothing more than looking for base64.
    public static func encodedTextSpans(in data: UnsafeRawBufferPointer, minimumLength: Int = 20,
                                 limit: Int = 2000) -> (base64: [EncodedSpan], hex: [EncodedSpan]) {
        var spans: [EncodedSpan] = []
        var hexSpans: [EncodedSpan] = []
        var index = 0
        let count = data.count
        // A local pointer: reading the global table in the loop costs a `swift_once` check per byte, and an array
        // a bounds check per byte.
        let table = Self.characterClass
        return table.withUnsafeBufferPointer { characterClass in
            while index < count, spans.count + hexSpans.count < limit {
                guard characterClass[Int(data[index])] & Class.base64 != 0 else {
                    index += 1
                    continue
                }
                let start = index
                var flags: UInt8 = 0
                while index < count {
                    let byteFlags = characterClass[Int(data[index])]
                    guard byteFlags & Class.base64 != 0 else { break }
                    flags |= byteFlags
                    index += 1
                }
                var end = index
                while end < count, end - index < 2, data[end] == UInt8(ascii: "=") { end += 1 }
                // Hex: one letter case, even length, not glued to a word (`0x` is a fine opening).
                var hexStart = start
                if index - start > 2, data[start] == UInt8(ascii: "0"), data[start + 1] == UInt8(ascii: "x") {
                    hexStart = start + 2
                    flags = (flags & ~Class.notHex) | (2 < index - start ? runFlags(data, start + 2, index) & Class.notHex : 0)
                }
                let hasLower = flags & Class.lower != 0, hasUpper = flags & Class.upper != 0, hasDigit = flags & Class.digit != 0
                if flags & Class.notHex == 0, flags & Class.hexLetters != Class.hexLetters, index - hexStart >= hexMinimumLength,
                   index - hexStart <= maximumHexSpan, (index - hexStart) % 2 == 0, end == index,
                   start == 0 || !isAlphanumeric(data[start - 1]), index == count || !isAlphanumeric(data[index]),
                   let span = hexTextSpan(data, hexStart, index) {
                    hexSpans.append(span)
                    index = end
                    continue
                }
                // Words, identifiers and hex digests are runs too; base64 of text mixes cases and letters beyond `f`.
                guard index - start >= minimumLength, hasLower, hasUpper || hasDigit, flags & Class.notHex != 0 else {
                    index = end
                    continue
                }
                if let decoded = decodeBase64(data, start, index), decoded.count >= 12, isPrintableText(decoded) {
                    spans.append(EncodedSpan(start: start, end: end, decoded: decoded))
                }
                index = end
            }
            return (spans, hexSpans)
        }
    }

    /// Byte classes for the one-pass run finder.
    enum Class {
        static let base64: UInt8 = 1
        static let lower: UInt8 = 2
        static let upper: UInt8 = 4
        static let digit: UInt8 = 8
        static let hexLower: UInt8 = 16
        static let hexUpper: UInt8 = 32
        static let hexLetters: UInt8 = 48  // hexLower | hexUpper
        /// A base64 character that is no hex digit (`g`–`z`, `G`–`Z`, `+ / - _`).
        static let notHex: UInt8 = 64
    }

    static let characterClass: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case 97...102: return Class.base64 | Class.lower | Class.hexLower
        case 103...122: return Class.base64 | Class.lower | Class.notHex
        case 65...70: return Class.base64 | Class.upper | Class.hexUpper
        case 71...90: return Class.base64 | Class.upper | Class.notHex
        case 48...57: return Class.base64 | Class.digit
        case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"): return Class.base64 | Class.notHex
        default: return 0
        }
    }

    static func runFlags(_ data: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt8 {
        var flags: UInt8 = 0
        for index in start..<end { flags |= characterClass[Int(data[index])] }
        return flags
    }

    public static func decodeBase64(_ data: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> [UInt8]? {
        let length = end - start
        guard length % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(length * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for position in start..<end {
            let value = base64Values[Int(data[position])]
            guard value >= 0 else { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    /// Mostly printable ASCII or UTF-8 text (tabs and newlines allowed).
    public static func isPrintableText(_ bytes: [UInt8]) -> Bool {
        var printable = 0
        for byte in bytes where (byte >= 32 && byte < 127) || byte == 9 || byte == 10 || byte == 13 || byte >= 0xC2 {
            printable += 1
        }
        return printable * 100 >= bytes.count * 97
    }

    /// UTF-16 text (with a byte-order mark, or ASCII-range text with every other byte NUL) transcoded to UTF-8; nil
    /// when the data is not UTF-16.
    public static func utf16AsUTF8(_ data: UnsafeRawBufferPointer) -> [UInt8]? {
        guard data.count >= 4 else { return nil }
        var littleEndian: Bool
        var offset = 0
        if data[0] == 0xFF && data[1] == 0xFE {
            littleEndian = true
            offset = 2
        } else if data[0] == 0xFE && data[1] == 0xFF {
            littleEndian = false
            offset = 2
        } else {
            // No mark: ASCII text in UTF-16 has a NUL in every other byte.
            let sample = min(data.count & ~1, 512)
            var evenNUL = 0, oddNUL = 0
            for index in stride(from: 0, to: sample, by: 2) {
                if data[index] == 0 { evenNUL += 1 }
                if data[index + 1] == 0 { oddNUL += 1 }
            }
            let pairs = sample / 2
            if oddNUL * 10 >= pairs * 9 && evenNUL * 10 <= pairs {
                littleEndian = true
            } else if evenNUL * 10 >= pairs * 9 && oddNUL * 10 <= pairs {
                littleEndian = false
            } else {
                return nil
            }
        }
        var units: [UInt16] = []
        units.reserveCapacity((data.count - offset) / 2)
        var index = offset
        while index + 1 < data.count {
            let a = UInt16(data[index]), b = UInt16(data[index + 1])
            units.append(littleEndian ? (b << 8 | a) : (a << 8 | b))
            index += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        for scalar in String(decoding: units, as: UTF16.self).utf8 { output.append(scalar) }
        return output
    }
}
