/// Values that stand for a secret rather than being one: template references, angle-bracket hints, fill-me words,
/// masked values. Shared by the engine (rule candidates) and the Docker checks (ARG/ENV values). Works on bytes: it
/// runs on every candidate a generic rule proposes.
public enum Placeholders {
    /// Lower-case words that, inside a candidate, mark it as an example or placeholder.
    public static let words: [String] = [
        "example", "changeme", "change_me", "change-me", "placeholder", "dummy", "redacted", "your_", "your-",
        "yourtoken", "yourkey", "yourpassword", "<your", "insert_", "insert-", "replace_me", "replaceme",
        "put_your", "fake", "sample", "notreal", "not_real", "not-a-real", "xxxxx", "*****", "....", "todo",
        "secretgoeshere", "token_here", "key_here", "password_here", "my_password", "mypassword", "mysecret",
        "my_secret", "password123", "foobar", "lorem", "ipsum",
    ]
    private static let wordBytes: [[UInt8]] = words.map { Array($0.utf8) }
    private static let templateOpenings: [[UInt8]] = ["${", "$(", "{{", "%(", "#{", "<%", "%{"].map { Array($0.utf8) }
    private static let secretMounts: [[UInt8]] = ["/run/secrets/", "/var/run/secrets/"].map { Array($0.utf8) }

    /// True when the value is a template or variable reference, an empty or masked value, or a fill-me word.
    public static func isPlaceholder(_ value: String) -> Bool { isPlaceholder(bytes: Array(value.utf8)) }

    public static func isPlaceholder(bytes raw: [UInt8]) -> Bool {
        var start = 0
        var end = raw.count
        let trim: Set<UInt8> = [32, 9, 34, 39, 96]  // space, tab, quotes, backtick
        while start < end, trim.contains(raw[start]) { start += 1 }
        while end > start, trim.contains(raw[end - 1]) { end -= 1 }
        if start == end { return true }
        let value = Array(raw[start..<end])
        let lower = ByteSearch.lowercasedASCII(value)
        return lower.withUnsafeBufferPointer { text in
            // Template and variable references: ${VAR}, $VAR, $(cmd), {{ x }}, %(x)s, #{x}, <%= x %>, @VAR@.
            for opening in templateOpenings where ByteSearch.hasPrefix(text, opening) { return true }
            if text[0] == UInt8(ascii: "$"), text.count > 1,
               text.dropFirst().allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
            {
                return true
            }
            if text[0] == UInt8(ascii: "@"), text.count > 2, text[text.count - 1] == UInt8(ascii: "@") { return true }
            if ByteSearch.contains(text, templateOpenings[2]) || ByteSearch.contains(text, templateOpenings[0]) { return true }
            if text[0] == UInt8(ascii: "<"), text[text.count - 1] == UInt8(ascii: ">") { return true }
            for mount in secretMounts where ByteSearch.hasPrefix(text, mount) { return true }
            if isFormatHole(value) { return true }
            if isMasked(text) { return true }
            for word in wordBytes where ByteSearch.contains(text, word) { return true }
            return false
        }
    }

    /// `{0}`, `{password}`, `{DB_PASS}`, `{self.token}`, `{d["key"]}`: a hole a template fills, not a value. An ODBC
    /// braced value (`{Zx8;kQ2p}`) or a mixed-case random string in braces is not one.
    static func isFormatHole(_ value: [UInt8]) -> Bool {
        guard value.first == UInt8(ascii: "{"), let close = value.firstIndex(of: UInt8(ascii: "}")), close > 1 else {
            return false
        }
        let inner = value[1..<close]
        if inner.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return true }
        if inner.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ".") }) {
            return true
        }
        let allowed = inner.allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 || $0 == 45 || $0 == 58
        }
        let mixedCase = inner.contains(where: { $0 >= 65 && $0 <= 90 }) && inner.contains(where: { $0 >= 97 && $0 <= 122 })
        return allowed && !mixedCase
    }

    static func isMasked(_ lower: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = lower.count
        guard count >= 4 else { return false }
        var seen = [Bool](repeating: false, count: 256)
        var distinct = 0
        for byte in lower where !seen[Int(byte)] {
            seen[Int(byte)] = true
            distinct += 1
            if distinct > 2 { break }
        }
        if distinct <= 2 { return true }
        // A short unit repeated ("abcabcabc", "1234123412341234").
        for unit in 1...4 where count >= unit * 3 {
            var repeats = true
            for index in unit..<count where lower[index] != lower[index % unit] {
                repeats = false
                break
            }
            if repeats { return true }
        }
        // Sequential runs like "123456789" or "abcdefgh".
        if count >= 6 {
            var sequential = true
            for index in 1..<count where lower[index] != lower[index - 1] &+ 1 {
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
