/// Values that stand for a secret rather than being one: template references, angle-bracket hints, fill-me words,
/// masked values. Shared by the engine (rule candidates) and the Docker checks (ARG/ENV values).
public enum Placeholders {
    /// Lower-case words that, inside a candidate, mark it as an example or placeholder.
    public static let words: [String] = [
        "example", "changeme", "change_me", "change-me", "placeholder", "dummy", "redacted", "your_", "your-",
        "yourtoken", "yourkey", "yourpassword", "<your", "insert_", "insert-", "replace_me", "replaceme",
        "put_your", "fake", "sample", "notreal", "not_real", "not-a-real", "xxxxx", "*****", "....", "todo",
        "secretgoeshere", "token_here", "key_here", "password_here", "my_password", "mypassword", "mysecret",
        "my_secret", "password123", "foobar", "lorem", "ipsum",
    ]

    /// True when the value is a template or variable reference, an empty or masked value, or a fill-me word.
    public static func isPlaceholder(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: " \t\"'`")
        if trimmed.isEmpty { return true }
        let lower = trimmed.lowercased()
        // Template and variable references: ${VAR}, $VAR, $(cmd), {{ x }}, %(x)s, #{x}, <%= x %>, @VAR@.
        if lower.hasPrefix("${") || lower.hasPrefix("$(") || lower.hasPrefix("{{") || lower.hasPrefix("%(")
            || lower.hasPrefix("#{") || lower.hasPrefix("<%") || lower.hasPrefix("%{")
        {
            return true
        }
        if lower.hasPrefix("$"), lower.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return true
        }
        if lower.hasPrefix("@"), lower.hasSuffix("@"), lower.count > 2 { return true }
        if lower.contains("{{") || lower.contains("${") { return true }
        // Format-string holes: Python f-strings and str.format, C# and Java MessageFormat ("{password}", "{0}").
        if isFormatHole(trimmed) { return true }
        if lower.hasPrefix("<"), lower.hasSuffix(">") { return true }
        if lower.hasPrefix("/run/secrets/") || lower.hasPrefix("/var/run/secrets/") { return true }
        // Masked or repetitive values: "********", "xxxxxxxx", "00000000", "abcabcabc".
        if isMasked(lower) { return true }
        for word in words where lower.contains(word) { return true }
        return false
    }

    /// `{0}`, `{password}`, `{DB_PASS}`, `{self.token}`, `{d["key"]}`: a hole a template fills, not a value. An ODBC
    /// braced value (`{Zx8;kQ2p}`) or a mixed-case random string in braces is not one.
    static func isFormatHole(_ value: String) -> Bool {
        guard value.hasPrefix("{"), let close = value.firstIndex(of: "}") else { return false }
        let inner = value[value.index(after: value.startIndex)..<close]
        guard !inner.isEmpty else { return false }
        if inner.allSatisfy(\.isNumber) { return true }
        if inner.contains("[") || inner.contains("(") || inner.contains(".") { return true }
        let allowed = inner.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ":" }
        let mixedCase = inner.contains(where: \.isUppercase) && inner.contains(where: \.isLowercase)
        return allowed && !mixedCase
    }

    static func isMasked(_ lower: String) -> Bool {
        let bytes = Array(lower.utf8)
        guard bytes.count >= 4 else { return false }
        let distinct = Set(bytes)
        if distinct.count <= 2 { return true }
        // A short unit repeated ("abcabcabc", "1234123412341234").
        for unit in 1...4 where bytes.count >= unit * 3 {
            var repeats = true
            for index in unit..<bytes.count where bytes[index] != bytes[index % unit] {
                repeats = false
                break
            }
            if repeats { return true }
        }
        // Sequential runs like "123456789" or "abcdefgh".
        if bytes.count >= 6 {
            var sequential = true
            for index in 1..<bytes.count where bytes[index] != bytes[index - 1] &+ 1 {
                sequential = false
                break
            }
            if sequential { return true }
        }
        return false
    }
}

extension String {
    /// Trims characters from both ends (stdlib-only, so Core needs no Foundation).
    public func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
