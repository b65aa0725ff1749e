/// The exec form of `RUN`/`CMD`/`COPY`…: a JSON array of strings. Decoded by hand (not JSONSerialization) so each
/// decoded byte keeps its source offset. Anything that is not exactly an array of strings is not exec form, and
/// BuildKit then treats the text as shell form; so does this.
enum JSONStringArray {
    static func parse(_ text: MappedText) -> [MappedText]? {
        let bytes = text.bytes
        var index = 0
        func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A
                || bytes[index] == 0x0D { index += 1 }
        }
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        skipSpaces()
        var strings: [MappedText] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            skipSpaces()
            return index == bytes.count ? [] : nil
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var value = MappedText()
            var closed = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    closed = true
                    index += 1
                    break
                }
                guard byte == UInt8(ascii: "\\") else {
                    value.append(byte, offset: text.offsets[index])
                    index += 1
                    continue
                }
                guard index + 1 < bytes.count else { return nil }
                let escaped = bytes[index + 1]
                let offset = text.offsets[index]
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(escaped, offset: offset)
                case UInt8(ascii: "n"): value.append(0x0A, offset: offset)
                case UInt8(ascii: "t"): value.append(0x09, offset: offset)
                case UInt8(ascii: "r"): value.append(0x0D, offset: offset)
                case UInt8(ascii: "b"): value.append(0x08, offset: offset)
                case UInt8(ascii: "f"): value.append(0x0C, offset: offset)
                case UInt8(ascii: "u"):
                    guard index + 5 < bytes.count,
                          let code = UInt32(String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { return nil }
                    value.append(Array(String(Character(scalar)).utf8), allAt: offset)
                    index += 4
                default:
                    return nil
                }
                index += 2
            }
            guard closed else { return nil }
            strings.append(value)
            skipSpaces()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipSpaces()
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { return nil }
            index += 1
            skipSpaces()
            return index == bytes.count ? strings : nil
        }
    }
}
