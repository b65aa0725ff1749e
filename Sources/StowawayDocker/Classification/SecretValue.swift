import StowawayCore

/// Decides whether a value written literally is a credential rather than something that stands for one.
///
/// Rejected: empty values, placeholders and template references (`${X}`, `<token>`, `changeme`), booleans, numbers,
/// durations, sizes and versions, paths (`/run/secrets/x`, `./key.pem`), URLs without credentials, host names,
/// secret-manager references (`arn:…`, `vault:…`, `op://…`), other variables' names, common defaults
/// (`postgres`, `admin`, `changeit`), the name itself as its value, prose, and plain lower-case words.
public enum SecretValue {
    /// How much structure vouches for the value. After `curl -u user:` or `--password`, the place already says
    /// "credential", so plain words count; after a name like `DB_PASSWORD=` the value must look like one itself.
    public enum Evidence: Sendable {
        case name
        case structure
    }

    public static func isLiteralSecret(_ raw: String, name: String? = nil, evidence: Evidence = .name) -> Bool {
        let value = raw.trimmingCharacters(in: " \t\r\n\"'`")
        let minimumLength = evidence == .name ? 6 : 4
        guard value.utf8.count >= minimumLength, value.utf8.count <= 4096 else { return false }
        if Placeholders.isPlaceholder(value) || isReference(value) { return false }
        let lower = value.lowercased()
        if nonSecretWords.contains(lower) || commonDefaults.contains(lower) { return false }
        if let name {
            let compact = lower.filter { $0.isLetter || $0.isNumber }
            let nameWords = SecretName.words(of: name)
            if compact == nameWords.joined() || nameWords.contains(compact) { return false }
        }
        if looksNumeric(lower) || looksLikePath(value) || looksLikeURLOrHost(value) || isSecretManagerReference(lower) {
            return false
        }
        if isVariableName(value) || isProse(value) || isSpecList(lower) || isPasswordHash(value) || isEmptyPEM(value) {
            return false
        }
        // `user:` — a user name with an empty password.
        if let colon = value.firstIndex(of: ":"), value[value.index(after: colon)...].isEmpty { return false }
        if evidence == .name, isPlainWords(value) { return false }
        return shannonEntropy(Array(value.utf8)) >= (evidence == .name ? 2.0 : 1.5)
    }

    /// `$X`, `${X}`, `$(cmd)`, `%X%`, `{{ x }}`, `#{x}` anywhere in the value.
    static func isReference(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        for index in bytes.indices where bytes[index] == UInt8(ascii: "$") && index + 1 < bytes.count {
            let next = bytes[index + 1]
            if next == UInt8(ascii: "{") || next == UInt8(ascii: "(") || next == UInt8(ascii: "_")
                || (next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z"))
                || (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) {
                return true
            }
        }
        if value.contains("{{") || value.contains("#{") || value.contains("<%") { return true }
        if value.hasPrefix("%"), value.hasSuffix("%"), value.count > 2 { return true }
        return false
    }

    static let nonSecretWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "enable", "disable", "null", "nil", "none",
        "undefined", "empty", "nan", "n/a", "tbd", "unset", "unknown", "required", "optional", "bearer", "basic",
        "token", "digest", "oauth", "oauth2", "jwt", "hmac", "sha256", "plain", "plaintext", "md5", "scram-sha-256",
        "trust", "peer", "ident", "md5sum", "any", "all", "auto", "default", "inherit", "random", "generate",
        "generated", "secret", "password", "passwd", "apikey", "api_key", "key", "pass", "credentials", "stdin",
    ]
    /// Defaults that ship with images and tutorials: not a leak of anything real.
    static let commonDefaults: Set<String> = [
        "admin", "administrator", "root", "toor", "postgres", "postgresql", "mysql", "mariadb", "redis", "mongo",
        "mongodb", "rabbitmq", "guest", "user", "username", "test", "testing", "tester", "dev", "development", "local",
        "localhost", "defaults", "changeit", "docker", "demo", "oracle", "elastic", "kibana", "minio", "minioadmin",
        "keycloak", "jenkins", "airflow", "grafana", "sonar", "nexus", "admin123", "letmein", "qwerty", "welcome",
        "master", "app", "application", "web", "service", "secret123", "pass123", "test123", "123456", "passw0rd",
        "p@ssw0rd", "p@ssword", "pa55word", "s3cret", "secret1", "password1", "rootpass", "adminpass", "testpass",
        "devpass", "sa", "postgres123", "mysecretpassword", "supersecret", "topsecret", "verysecret",
    ]

    static func looksNumeric(_ lower: String) -> Bool {
        let bytes = Array(lower.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "v") { index += 1 }
        let digitsStart = index
        while index < bytes.count, isDigit(bytes[index]) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ","),
                                                              UInt8(ascii: "-"), UInt8(ascii: "+")].contains(bytes[index]) {
            index += 1
        }
        guard index > digitsStart, isDigit(bytes[digitsStart]) else { return false }
        let unit = String(decoding: bytes[index...], as: UTF8.self)
        return ["", "ms", "s", "m", "h", "d", "w", "y", "k", "kb", "mb", "gb", "tb", "ki", "mi", "gi", "b", "%", "g",
                "kib", "mib", "gib", "sec", "min", "hr", "days", "px"].contains(unit)
    }

    static func looksLikePath(_ value: String) -> Bool {
        if value.hasPrefix("/") || value.hasPrefix("./") || value.hasPrefix("../") || value.hasPrefix("~")
            || value.hasPrefix("\\\\") || value.lowercased().hasPrefix("file:") {
            return true
        }
        let bytes = Array(value.utf8)
        if bytes.count > 2, bytes[1] == UInt8(ascii: ":"), bytes[2] == UInt8(ascii: "\\") { return true }
        // A folder prefix such as `external-dns.alpha.kubernetes.io/` ends with a slash.
        let trimmed = value.hasSuffix("/") ? String(value.dropLast()) : value
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        let pathCharacters = { (c: Character) in c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." }
        guard segments.allSatisfy({ !$0.isEmpty && $0.allSatisfy(pathCharacters) }) else { return false }
        if let last = segments.last, let dot = last.lastIndex(of: "."), last.index(after: dot) < last.endIndex {
            let fileExtension = last[last.index(after: dot)...].lowercased()
            if fileExtensions.contains(fileExtension) { return true }
        }
        return (segments.count > 1 || value.hasSuffix("/")) && segments.allSatisfy { segment in
            segment.allSatisfy { $0.isLowercase || $0 == "_" || $0 == "-" || $0 == "." || $0.isNumber }
                && segment.filter(\.isNumber).count <= 2
        }
    }

    static let fileExtensions: Set<String> = [
        "json", "yaml", "yml", "pem", "key", "crt", "cer", "der", "txt", "env", "conf", "cfg", "ini", "p12", "pfx",
        "jks", "pub", "asc", "gpg", "xml", "properties", "toml", "sh", "js", "py", "rb", "go", "jar", "war", "zip",
        "gz", "tgz", "log", "html", "csv", "md", "secret", "token", "pass",
    ]

    static func looksLikeURLOrHost(_ value: String) -> Bool {
        if let scheme = value.range(of: "://"),
           value[..<scheme.lowerBound].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "." || $0 == "-" }) {
            return true
        }
        // Host names and e-mail addresses: lower-case dotted labels ending in an alphabetic top-level label.
        let hostPart = value.split(separator: "@").last.map(String.init) ?? value
        guard !hostPart.contains(where: \.isUppercase) else { return false }
        let labels = hostPart.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == ":" }
        } && value.filter({ $0 == "@" }).count <= 1
    }

    static func isSecretManagerReference(_ lower: String) -> Bool {
        ["arn:", "vault:", "ssm:", "sm://", "gcp:", "gsm:", "azurekeyvault:", "keyvault:", "op://", "secret://",
         "secretsmanager:", "env:", "sha256:", "sha512:", "projects/", "awssm:", "doppler:", "akv://", "bws:"]
            .contains { lower.hasPrefix($0) }
    }

    /// `DB_PASSWORD_VAR=OTHER_VARIABLE`: an upper-case name with underscores points at another variable.
    static func isVariableName(_ value: String) -> Bool {
        guard value.contains("_") else { return false }
        return value.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" } && value.first?.isLetter == true
    }

    /// Three or more words, nearly all alphabetic: a description, not a credential.
    static func isProse(_ value: String) -> Bool {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 3 else { return false }
        let alphabetic = words.filter { word in word.allSatisfy { $0.isLetter || ",.;:!?'()-".contains($0) } }
        return alphabetic.count * 5 >= words.count * 4
    }

    /// `id=npmrc,src=.npmrc` (a BuildKit secret or mount spec) and similar option lists.
    static func isSpecList(_ lower: String) -> Bool {
        ["id=", "src=", "source=", "type=", "target=", "env=", "required="].contains { lower.hasPrefix($0) }
    }

    /// Password hashes (`$2y$10$…`, `$apr1$…`, `{SHA}…`) are not the password: reported by nothing here.
    static func isPasswordHash(_ value: String) -> Bool {
        ["$2a$", "$2b$", "$2y$", "$apr1$", "$1$", "$5$", "$6$", "$argon2", "$pbkdf2", "{SHA}", "{SSHA}", "{BCRYPT}"]
            .contains { value.contains($0) }
    }

    /// `-----BEGIN … KEY-----` with nothing (or almost nothing) before the END line: a template, not a key.
    static func isEmptyPEM(_ value: String) -> Bool {
        guard let begin = value.range(of: "-----BEGIN") else { return false }
        guard let end = value.range(of: "-----END") else { return true }
        let body = value[begin.upperBound..<end.lowerBound].drop { $0 != "\n" }
        return body.filter { $0.isLetter || $0.isNumber }.count < 40
    }

    /// Words that carry digits but are still words (`k8s`, `amd64`, `oauth2`).
    static let alphanumericWords: Set<String> = [
        "k8s", "k3s", "i18n", "l10n", "s3", "ec2", "gcp2", "x86", "x64", "arm64", "amd64", "aarch64", "utf8", "utf16",
        "sha1", "sha256", "sha512", "md5", "base64", "oauth2", "http2", "http3", "ipv4", "ipv6", "v1", "v2", "v3", "h2",
        "es256", "rs256", "hs256", "ed25519", "p256", "tls12", "tls13", "2fa", "mfa2", "db2", "pg16", "node20",
    ]

    /// One or more lower-case words joined by `-`, `_` or `.` (`github`, `read-only`, `etcd-cluster-k8s`), or one
    /// capitalised word: names and modes rather than credentials.
    static func isPlainWords(_ value: String) -> Bool {
        if value.allSatisfy({ $0.isLowercase || $0 == "-" || $0 == "_" || $0 == "." }) { return true }
        let segments = value.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." })
        if !segments.isEmpty, value.allSatisfy({ $0.isLowercase || $0.isNumber || "-_.".contains($0) }),
           segments.allSatisfy({ $0.allSatisfy(\.isLowercase) || alphanumericWords.contains(String($0)) }) {
            return true
        }
        if let first = value.first, first.isUppercase, value.dropFirst().allSatisfy(\.isLowercase) { return true }
        return false
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
