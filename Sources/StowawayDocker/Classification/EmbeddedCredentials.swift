import StowawayCore

/// A credential inside a longer value: the password of `postgres://app:pw@db`, the value of
/// `-Dspring.datasource.password=…` in `JAVA_OPTS`, `Password=…;` in a connection string, `--token …` in options.
struct EmbeddedCredential: Sendable, Equatable {
    /// What it is, for the finding's message: "password in a postgres URL", "-Ddb.password".
    var label: String
    /// Byte range of the secret within the searched bytes.
    var range: Range<Int>
}

/// Finds credentials embedded in a value, whatever the value's own name is.
enum EmbeddedCredentials {
    static func find(in bytes: [UInt8]) -> [EmbeddedCredential] {
        var found = urlCredentials(in: bytes)
        for credential in assignments(in: bytes) + jsonMembers(in: bytes) + spacedOptions(in: bytes)
        where !found.contains(where: { $0.range.overlaps(credential.range) }) {
            found.append(credential)
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `scheme://user:password@host` (the password) or `scheme://token@host` (a long random user part).
    static func urlCredentials(in bytes: [UInt8]) -> [EmbeddedCredential] {
        var found: [EmbeddedCredential] = []
        var index = 0
        while index + 3 <= bytes.count {
            guard bytes[index] == UInt8(ascii: ":"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "/"),
                  bytes[index + 2] == UInt8(ascii: "/") else {
                index += 1
                continue
            }
            var schemeStart = index
            while schemeStart > 0, isSchemeByte(bytes[schemeStart - 1]) { schemeStart -= 1 }
            let scheme = String(decoding: bytes[schemeStart..<index], as: UTF8.self).lowercased()
            let authorityStart = index + 3
            var authorityEnd = authorityStart
            var lastAt: Int? = nil
            while authorityEnd < bytes.count, !endsAuthority(bytes[authorityEnd]) {
                if bytes[authorityEnd] == UInt8(ascii: "@") { lastAt = authorityEnd }
                authorityEnd += 1
            }
            index = authorityEnd
            guard !scheme.isEmpty, let at = lastAt, at > authorityStart else { continue }
            let host = String(decoding: bytes[(at + 1)..<authorityEnd], as: UTF8.self)
            let userInfo = authorityStart..<at
            // `s@http://.*archive.ubuntu.com@…@g` is a sed expression, `http://*@host` a pattern: not credentials.
            if bytes[userInfo].contains(where: { [UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "\\")].contains($0) }) {
                continue
            }
            if let colon = bytes[userInfo].firstIndex(of: UInt8(ascii: ":")) {
                let password = (colon + 1)..<at
                let text = String(decoding: bytes[password], as: UTF8.self)
                if SecretValue.isLiteralSecret(text, evidence: .structure) {
                    found.append(EmbeddedCredential(label: "password in a \(scheme) URL for \(host)", range: password))
                }
            } else {
                let user = String(decoding: bytes[userInfo], as: UTF8.self)
                if looksLikeToken(user) {
                    found.append(EmbeddedCredential(label: "token in a \(scheme) URL for \(host)", range: userInfo))
                }
            }
        }
        return found
    }

    /// `name=value` where the name is secret-like, including `-Dname=value`, `-Pname=value` and `--name=value`.
    static func assignments(in bytes: [UInt8]) -> [EmbeddedCredential] {
        var found: [EmbeddedCredential] = []
        for equals in bytes.indices where bytes[equals] == UInt8(ascii: "=") {
            var keyStart = equals
            while keyStart > 0, isKeyByte(bytes[keyStart - 1]) { keyStart -= 1 }
            guard keyStart < equals else { continue }
            if keyStart > 0, !isPairBoundary(bytes[keyStart - 1]) { continue }
            var key = String(decoding: bytes[keyStart..<equals], as: UTF8.self)
            var display = key
            while key.hasPrefix("-") { key.removeFirst() }
            if display.hasPrefix("-D") || display.hasPrefix("-P"), !display.hasPrefix("--") { key.removeFirst() }
            if key.isEmpty || !SecretName.isSecret(key) { continue }
            guard let value = valueRange(in: bytes, from: equals + 1) else { continue }
            let text = String(decoding: bytes[value], as: UTF8.self)
            guard SecretValue.isLiteralSecret(text, name: key, evidence: .structure) else { continue }
            if display.count > 60 { display = String(display.suffix(60)) }
            found.append(EmbeddedCredential(label: display, range: value))
        }
        return found
    }

    /// `"password": "value"` inside a JSON value.
    static func jsonMembers(in bytes: [UInt8]) -> [EmbeddedCredential] {
        var found: [EmbeddedCredential] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
            guard end < bytes.count else { break }
            let key = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            var cursor = end + 1
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else {
                index = end + 1
                continue
            }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else {
                index = cursor
                continue
            }
            var valueEnd = cursor + 1
            while valueEnd < bytes.count, bytes[valueEnd] != UInt8(ascii: "\"") {
                valueEnd += bytes[valueEnd] == UInt8(ascii: "\\") ? 2 : 1
            }
            let value = (cursor + 1)..<min(valueEnd, bytes.count)
            if SecretName.isSecret(key),
               SecretValue.isLiteralSecret(String(decoding: bytes[value], as: UTF8.self), name: key, evidence: .structure) {
                found.append(EmbeddedCredential(label: "\"\(key)\"", range: value))
            }
            index = valueEnd + 1
        }
        return found
    }

    /// `--password value` (a secret-like option followed by its value as the next word).
    static func spacedOptions(in bytes: [UInt8]) -> [EmbeddedCredential] {
        var found: [EmbeddedCredential] = []
        var index = 0
        while index + 2 < bytes.count {
            guard bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"),
                  index == 0 || isPairBoundary(bytes[index - 1]) else {
                index += 1
                continue
            }
            var nameEnd = index + 2
            while nameEnd < bytes.count, isKeyByte(bytes[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: bytes[(index + 2)..<nameEnd], as: UTF8.self)
            index = nameEnd
            guard nameEnd < bytes.count, bytes[nameEnd] == 0x20 || bytes[nameEnd] == 0x09, SecretName.isSecret(name) else {
                continue
            }
            var valueStart = nameEnd
            while valueStart < bytes.count, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            guard valueStart < bytes.count, bytes[valueStart] != UInt8(ascii: "-"),
                  let value = valueRange(in: bytes, from: valueStart) else { continue }
            if SecretValue.isLiteralSecret(String(decoding: bytes[value], as: UTF8.self), name: name, evidence: .structure) {
                found.append(EmbeddedCredential(label: "--\(name)", range: value))
            }
        }
        return found
    }

    /// The value starting at `start`: up to a separator, or inside matching quotes.
    static func valueRange(in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard start < bytes.count else { return nil }
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var end = start + 1
            while end < bytes.count, bytes[end] != first { end += 1 }
            return end > start + 1 ? (start + 1)..<end : nil
        }
        var end = start
        while end < bytes.count, !endsValue(bytes[end]) { end += 1 }
        return end > start ? start..<end : nil
    }

    /// A long, random user part used as a token (`https://<token>@github.com`).
    static func looksLikeToken(_ text: String) -> Bool {
        text.utf8.count >= 20 && text.utf8.allSatisfy { isKeyByte($0) && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "+") }
            && !Placeholders.isPlaceholder(text) && !SecretValue.isReference(text) && shannonEntropy(Array(text.utf8)) >= 3.5
    }

    static func isSchemeByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    static func endsAuthority(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte <= 0x20
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
            || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ")")
    }

    static func isKeyByte(_ byte: UInt8) -> Bool {
        isSchemeByte(byte) || byte == UInt8(ascii: "_")
    }

    static func isPairBoundary(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "?")
            || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "=")
    }

    static func endsValue(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
    }
}
