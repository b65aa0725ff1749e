/// Encodings a secret may hide behind in text: base64 (Kubernetes data, CI variables, basic-auth headers) and UTF-16
/// (Windows tools write it). Pure functions on bytes; the scanner decides when to use them. Public so the fuzz
/// harnesses (Fuzz/) can drive them on arbitrary bytes.
public enum Decoders {
    /// A run of encoded text and what it decodes to.
    public struct EncodedSpan: Sendable {
        public var start: Int
        public var end: Int
        public var decoded: [UInt8]
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
        var spans: [EncodedSpan] = []
        var index = 0
        let count = data.count
        while index < count, spans.count < limit {
            guard base64Values[Int(data[index])] >= 0 else {
                index += 1
                continue
            }
            let start = index
            var hasLower = false, hasUpper = false, hasDigit = false
            while index < count, base64Values[Int(data[index])] >= 0 {
                let byte = data[index]
                if byte >= 97 && byte <= 122 { hasLower = true } else if byte >= 65 && byte <= 90 { hasUpper = true } else if byte >= 48 && byte <= 57 { hasDigit = true }
                index += 1
            }
            var end = index
            while end < count, end - index < 2, data[end] == UInt8(ascii: "=") { end += 1 }
            // Words, identifiers and hex digests are runs too; base64 of text mixes cases.
            guard index - start >= minimumLength, hasLower, hasUpper || hasDigit else {
                index = end
                continue
            }
            if let decoded = decodeBase64(data, start, index), decoded.count >= 12, isPrintableText(decoded) {
                spans.append(EncodedSpan(start: start, end: end, decoded: decoded))
            }
            index = end
        }
        return spans
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
