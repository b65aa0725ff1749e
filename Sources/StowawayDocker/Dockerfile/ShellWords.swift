/// One whitespace-separated word of an instruction, as written (quotes and escapes still in it).
struct RawWord: Sendable {
    var text: MappedText
    /// Byte indexes of the word in the text it was split from.
    var start: Int
    var end: Int

    var bytes: [UInt8] { text.bytes }
}

/// Splits instruction arguments into words the way BuildKit's `parseWords` does for `ENV`, `ARG`, `LABEL` and flags:
/// whitespace separates words except inside quotes; the escape character keeps the next character in the word; an
/// empty quoted word (`""`) is still a word.
enum ShellWords {
    static func split(_ text: MappedText, escape: UInt8) -> [RawWord] {
        let bytes = text.bytes
        var words: [RawWord] = []
        var index = 0
        while index < bytes.count {
            while index < bytes.count, DockerfileParser.isBlank(bytes[index]) || bytes[index] == 0x0A { index += 1 }
            guard index < bytes.count else { break }
            let start = index
            var quote: UInt8? = nil
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == escape, open != UInt8(ascii: "'"), index + 1 < bytes.count {
                        index += 2
                        continue
                    }
                    if byte == open { quote = nil }
                    index += 1
                    continue
                }
                if DockerfileParser.isBlank(byte) || byte == 0x0A { break }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                } else if byte == escape, index + 1 < bytes.count {
                    index += 2
                    continue
                }
                index += 1
            }
            words.append(RawWord(text: text[start..<index], start: start, end: index))
        }
        return words
    }
}
