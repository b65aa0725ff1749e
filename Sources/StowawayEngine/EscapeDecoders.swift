#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Encodings that write a secret character by character in another notation: percent-encoding (URLs, form bodies,
/// connection strings), `\uXXXX` / `\xXX` escapes (JSON and JavaScript strings) and hex-encoded text. Each decoded
/// span keeps, for every decoded byte, the offset of the encoded text it came from, so a finding points at the exact
/// encoded place. Spans are bounded (length caps, a count limit) and only taken where the encoding hides something a
/// rule could care about (an escaped punctuation character, hex that decodes to text).
extension Decoders {
    /// Longest percent- or escape-encoded run decoded; longer runs are minified code or data, not a credential.
    static let maximumEscapedSpan = 4096
    /// Longest hex run decoded (8 KiB of text).
    static let maximumHexSpan = 16_384

    // MARK: Percent-encoding

    /// Runs of URL characters holding at least one `%XX` that decodes to visible ASCII (`%40` for `@`, `%3D` for `=`),
    /// decoded. `+` stays `+`: in a path or a base64 secret it is literal.
    static func percentSpans(in data: UnsafeRawBufferPointer, limit: Int = 2000) -> [EncodedSpan] {
        var spans: [EncodedSpan] = []
        var searchFrom = 0
        while spans.count < limit, let percent = find(UInt8(ascii: "%"), in: data, from: searchFrom) {
            searchFrom = percent + 1
            // `%3D`, `%40`: an escape of visible ASCII in upper case, as URL encoders write it (printf's `%3d` and `%5d`
            // are lower case and stay undecoded unless the run has a second escape).
            guard percent + 2 < data.count, let high = hexValue(data[percent + 1]), let low = hexValue(data[percent + 2]),
                  isVisible(high << 4 | low) else { continue }
            let upperCase = data[percent + 2] < 97 && data[percent + 1] < 97
            var start = percent
            while start > 0, percent - start <= maximumEscapedSpan, isURLByte(data[start - 1]) { start -= 1 }
            var end = percent + 3
            while end < data.count, isURLByte(data[end]) { end += 1 }
            searchFrom = end
            // Too long to be a credential (a data URL, minified code): the whole run is passed over. Too short to hold
            // one: a format string.
            guard end - start <= maximumEscapedSpan, end - start >= 8, start >= (spans.last?.end ?? 0) else { continue }
            if !upperCase {
                guard let second = find(UInt8(ascii: "%"), in: UnsafeRawBufferPointer(rebasing: data[(percent + 3)..<end]), from: 0),
                      percent + 5 + second < end + 0, hexValue(data[percent + 4 + second]) != nil,
                      hexValue(data[percent + 5 + second]) != nil else { continue }
            }
            var decoded: [UInt8] = []
            var offsets: [Int] = []
            decoded.reserveCapacity(end - start)
            offsets.reserveCapacity(end - start + 1)
            var index = start
            while index < end {
                offsets.append(index)
                if data[index] == UInt8(ascii: "%"), index + 3 <= end, let h = hexValue(data[index + 1]),
                   let l = hexValue(data[index + 2]) {
                    decoded.append(h << 4 | l)
                    index += 3
                } else {
                    decoded.append(data[index])
                    index += 1
                }
            }
            offsets.append(end)
            spans.append(EncodedSpan(start: start, end: end, decoded: decoded, offsets: offsets))
        }
        return spans
    }

    /// `%XX` escapes decoded, everything else kept.
    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
               let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// Characters a URL, form body or connection string is made of (not spaces, quotes or brackets around it).
    static func isURLByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "^"):
            return false
        default:
            return true
        }
    }

    // MARK: Backslash escapes

    /// String literals holding `\uXXXX` or `\xXX` escapes of visible ASCII (`\u0040`, `\x3d`), decoded with the usual
    /// JSON/JavaScript escapes (`\\`, `\/`, `\"`, `\n`, surrogate pairs).
    static func escapeSpans(in data: UnsafeRawBufferPointer, limit: Int = 2000) -> [EncodedSpan] {
        var spans: [EncodedSpan] = []
        var searchFrom = 0
        while spans.count < limit, let slash = find(UInt8(ascii: "\\"), in: data, from: searchFrom) {
            searchFrom = slash + 1
            guard let escape = escapedScalar(data, at: slash), escape.scalar >= 0x21, escape.scalar <= 0x7E else { continue }
            // The literal around it: back to an opening quote or the line start, on to the closing quote or line end.
            var start = slash
            while start > 0, slash - start <= maximumEscapedSpan, !endsLiteral(data[start - 1]) { start -= 1 }
            var end = slash
            while end < data.count, !endsLiteral(data[end]) {
                end += data[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            end = min(end, data.count)
            searchFrom = max(end, slash + 1)
            guard end - start <= maximumEscapedSpan, start >= (spans.last?.end ?? 0) else { continue }
            let (decoded, offsets) = decodeEscapes(data, start, end)
            spans.append(EncodedSpan(start: start, end: end, decoded: decoded, offsets: offsets))
        }
        return spans
    }

    static func endsLiteral(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") || byte == 10 || byte == 13
    }

    /// The code point of a `\uXXXX` or `\xXX` escape at `index`, and its length in bytes.
    static func escapedScalar(_ data: UnsafeRawBufferPointer, at index: Int) -> (scalar: UInt32, length: Int)? {
        guard index + 1 < data.count else { return nil }
        let digits: Int
        switch data[index + 1] {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "x"): digits = 2
        default: return nil
        }
        guard index + 2 + digits <= data.count else { return nil }
        var value: UInt32 = 0
        for position in (index + 2)..<(index + 2 + digits) {
            guard let digit = hexValue(data[position]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return (value, 2 + digits)
    }

    static func decodeEscapes(_ data: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (decoded: [UInt8], offsets: [Int]) {
        var decoded: [UInt8] = []
        var offsets: [Int] = []
        decoded.reserveCapacity(end - start)
        offsets.reserveCapacity(end - start + 1)
        func append(_ bytes: some Sequence<UInt8>, from offset: Int) {
            for byte in bytes {
                decoded.append(byte)
                offsets.append(offset)
            }
        }
        var index = start
        while index < end {
            guard data[index] == UInt8(ascii: "\\"), index + 1 < end else {
                append(CollectionOfOne(data[index]), from: index)
                index += 1
                continue
            }
            if var escape = escapedScalar(data, at: index), index + escape.length <= end {
                // A UTF-16 surrogate pair written as two `\u` escapes.
                if escape.scalar >= 0xD800, escape.scalar < 0xDC00, let low = escapedScalar(data, at: index + 6),
                   data[index + 1] == UInt8(ascii: "u"), low.scalar >= 0xDC00, low.scalar < 0xE000, index + 12 <= end {
                    escape = (0x10000 + ((escape.scalar - 0xD800) << 10) + (low.scalar - 0xDC00), 12)
                }
                let scalar = Unicode.Scalar(escape.scalar) ?? "\u{FFFD}"
                append(String(Character(scalar)).utf8, from: index)
                index += escape.length
                continue
            }
            let simple: UInt8
            switch data[index + 1] {
            case UInt8(ascii: "n"): simple = 10
            case UInt8(ascii: "t"): simple = 9
            case UInt8(ascii: "r"): simple = 13
            case UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "'"): simple = data[index + 1]
            default:
                append([data[index], data[index + 1]], from: index)
                index += 2
                continue
            }
            append(CollectionOfOne(simple), from: index)
            index += 2
        }
        offsets.append(end)
        return (decoded, offsets)
    }

    // MARK: Hex

    /// Hex runs shorter than this (32 digits, 16 bytes) are ids and short hashes, not encoded text.
    static let hexMinimumLength = 32

    /// Hex runs (one letter case, even length, at least 32 digits) that decode to printable text with some punctuation
    /// in it: hex digests and binary dumps decode to binary and are passed over. Found in the base64 pass
    /// (`encodedTextSpans`).
    static func hexTextSpans(in data: UnsafeRawBufferPointer) -> [EncodedSpan] { encodedTextSpans(in: data).hex }

    /// The hex run `start..<end` decoded, when it is text.
    static func hexTextSpan(_ data: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> EncodedSpan? {
        // Digests are the common case: their first bytes already decode to binary. Text is 0x20–0x7E, tabs, newlines.
        for position in stride(from: start, to: min(end, start + 16), by: 2) {
            guard let high = hexValue(data[position]), let low = hexValue(data[position + 1]) else { return nil }
            let byte = high << 4 | low
            guard (byte >= 0x20 && byte < 0x7F) || byte == 9 || byte == 10 || byte == 13 || byte >= 0xC2 else { return nil }
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity((end - start) / 2)
        for position in stride(from: start, to: end, by: 2) {
            guard let high = hexValue(data[position]), let low = hexValue(data[position + 1]) else { return nil }
            decoded.append(high << 4 | low)
        }
        guard isPrintableText(decoded), decoded.contains(where: { $0 >= 0x21 && $0 < 0x7F && !isAlphanumeric($0) }) else {
            return nil
        }
        var offsets = Array(stride(from: start, to: end, by: 2))
        offsets.append(end)
        return EncodedSpan(start: start, end: end, decoded: decoded, offsets: offsets)
    }

    // MARK: Helpers

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    static func isVisible(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// The next `byte` at or after `from` (memchr: the common case, no such byte, costs one vectorised pass).
    static func find(_ byte: UInt8, in data: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < data.count, let base = data.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), data.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }
}
