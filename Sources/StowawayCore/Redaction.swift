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
        let characters = Array(secret)
        let keep = characters.count >= 16 ? 4 : (characters.count >= 10 ? 2 : 0)
        return String(characters.prefix(keep)) + "*****"
    }

    /// A line of scanned text with every copy of the secret redacted (and long lines shortened around it).
    public func line(_ line: String, secret: String) -> String {
        var text = line
        if !showSecrets {
            for part in CompositeSecret.parts(of: secret) where !part.isEmpty {
                text = text.replacing(part, with: self.secret(part))
            }
        }
        if text.count > 240 { text = String(text.prefix(237)) + "..." }
        return text
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
