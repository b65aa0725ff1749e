/// How secrets are shown. Redaction is the default in every format; only `--show-secrets` turns it off.
public struct Redactor: Sendable {
    public let showSecrets: Bool

    public init(showSecrets: Bool) { self.showSecrets = showSecrets }

    /// Keeps a short prefix (enough to recognise a vendor token's kind) and hides the rest. Each part of a composite
    /// secret is shown that way, joined with ` + `.
    public func secret(_ secret: String) -> String {
        let parts = CompositeSecret.parts(of: secret)
        if parts.count > 1 { return parts.map { self.secret($0) }.joined(separator: " + ") }
        if showSecrets { return secret }
        // Nearly every secret is ASCII: count and cut its bytes instead of building an array of Characters.
        if secret.utf8.allSatisfy({ $0 < 0x80 }) {
            let count = secret.utf8.count
            let keep = count >= 16 ? 4 : (count >= 10 ? 2 : 0)
            return String(decoding: secret.utf8.prefix(keep), as: UTF8.self) + "*****"
        }
        let characters = Array(secret)
        let keep = characters.count >= 16 ? 4 : (characters.count >= 10 ? 2 : 0)
        return String(characters.prefix(keep)) + "*****"
    }

    /// A line of scanned text with every copy of the secret redacted (and long lines shortened around it).
    public func line(_ line: String, secret: String) -> String {
        var text = line
        if !showSecrets {
            for part in CompositeSecret.parts(of: secret) where !part.isEmpty {
                text = Self.replacingOccurrences(of: part, in: text, with: self.secret(part))
            }
        }
        // Counting characters walks grapheme clusters; a line of at most 240 bytes cannot hold more.
        if text.utf8.count > 240, text.count > 240 { text = String(text.prefix(237)) + "..." }
        return text
    }

    /// Every copy of `part` in `text` replaced, compared as UTF-8 bytes (StringProcessing's `replacing` compares
    /// characters and was a measurable share of writing reports with many occurrences).
    static func replacingOccurrences(of part: String, in text: String, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        let needle = Array(part.utf8)
        guard var found = bytes.withUnsafeBufferPointer({ ByteSearch.firstOffset(of: needle, in: $0) }) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var start = 0
        while true {
            result.append(contentsOf: bytes[start..<found])
            result.append(contentsOf: replacement.utf8)
            start = found + needle.count
            guard let next = bytes.withUnsafeBufferPointer({ ByteSearch.firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: $0[start...])) })
            else { break }
            found = start + next
        }
        result.append(contentsOf: bytes[start...])
        return String(decoding: result, as: UTF8.self)
    }

    /// Any free text that may carry the secret (build steps, commit messages) with it redacted.
    public func text(_ text: String, secrets: [String]) -> String {
        if showSecrets { return text }
        var result = text
        for part in secrets.flatMap(CompositeSecret.parts(of:)) where !part.isEmpty {
            result = result.replacing(part, with: self.secret(part))
        }
        return result
    }
}

extension String {
    /// Control characters (newlines in a file name, ANSI escape sequences in scanned text) shown as `\u{…}` so a
    /// hostile file name cannot break a log line or drive the terminal. Tabs stay.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) else {
            return self
        }
        var result = ""
        for scalar in unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
