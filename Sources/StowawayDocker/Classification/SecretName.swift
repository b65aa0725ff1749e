/// Decides from a variable's name alone whether it is meant to hold a secret.
///
/// The name is split into lower-case words (`_`, `-`, `.`, spaces and camelCase: `dbPassword`, `APIKey`). The last
/// secret word (password, secret, token, api key, auth, credentials, a qualified "key", …) is the head; words after it
/// that describe a property of the secret rather than the secret (`TOKEN_TTL`, `PASSWORD_MIN_LENGTH`, `KEY_VERSION`,
/// `SECRET_FILE`, `PUBLIC_KEY_URL`) make the name non-secret, as do words before it that say the thing is public
/// (`PUBLIC_KEY`, `GPG_KEY`). This keeps every true positive of BuildKit's `SecretsUsedInArgOrEnv` name check while
/// dropping its false ones.
public enum SecretName {
    public static func isSecret(_ name: String) -> Bool {
        // Bundler reads credentials for a gem host from `BUNDLE_<HOST>` (dots as `__`): `BUNDLE_GEMS__EXAMPLE__COM`.
        let upper = name.uppercased()
        if upper.hasPrefix("BUNDLE_"), upper.contains("__") { return true }
        let words = words(of: name)
        guard let head = words.indices.last(where: { isSecretWord(at: $0, in: words) }) else { return false }
        if words[(head + 1)...].contains(where: { trailingModifiers.contains($0) }) { return false }
        if words[..<head].contains(where: { publicQualifiers.contains($0) }) { return false }
        return true
    }

    /// Lower-case words of a name: split on non-alphanumerics and camelCase boundaries.
    public static func words(of name: String) -> [String] {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(of: Array(name.utf8)) }
        var words: [String] = []
        var current: [Character] = []
        let characters = Array(name)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current = []
        }
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                flush()
                continue
            }
            if let previous = current.last, character.isUppercase {
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                // dbPassword → db|Password; APIKey → API|Key; keep runs like "API" together.
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { flush() }
            }
            current.append(character)
        }
        flush()
        return words
    }

    /// `words(of:)` for ASCII names (nearly all), on bytes: Character classification was most of the check's cost.
    static func asciiWords(of bytes: [UInt8]) -> [String] {
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        var words: [String] = []
        var start = -1
        func flush(_ end: Int) {
            if start >= 0, end > start {
                words.append(String(decoding: bytes[start..<end].map { isUpper($0) ? $0 + 32 : $0 }, as: UTF8.self))
            }
            start = -1
        }
        for index in bytes.indices {
            let byte = bytes[index]
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                flush(index)
                continue
            }
            if start >= 0, isUpper(byte) {
                let previous = bytes[index - 1]
                let nextIsLower = index + 1 < bytes.count && isLower(bytes[index + 1])
                // dbPassword → db|Password; APIKey → API|Key; keep runs like "API" together.
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) { flush(index) }
            }
            if start < 0 { start = index }
        }
        flush(bytes.count)
        return words
    }

    static let exactSecretWords: Set<String> = [
        "password", "passwd", "pword", "passphrase", "passcode", "pass", "secret", "secrets", "token", "apikey",
        "apitoken", "accesstoken", "authtoken", "auth", "credential", "credentials", "creds", "cred", "privatekey",
        "secretkey", "accesskey", "clientsecret", "bearer", "pat", "pwd", "authorization",
    ]
    /// Compound words ending in a secret word: `PGPASSWORD`, `NPMTOKEN`, `requirepass`, `masterauth`.
    static let secretSuffixes = ["password", "passwd", "passphrase", "secret", "token", "apikey", "pass", "pwd", "auth"]
    static let suffixExceptions: Set<String> = [
        "bypass", "compass", "encompass", "surpass", "trespass", "overpass", "underpass", "multipass", "oldpwd", "sshpass",
        "oauth", "tokentoken",
    ]
    /// "key" alone is too broad: `CACHE_KEY`, `S3_KEY`, `ROUTING_KEY` name things, not credentials.
    static let nonSecretKeyKinds: Set<String> = [
        "cache", "partition", "primary", "sort", "foreign", "object", "s3", "routing", "idempotency", "lock", "hot",
        "shortcut", "host", "lookup", "index", "map", "hash", "dedupe", "dedup", "group", "message", "bucket",
        "unique", "composite", "natural", "surrogate", "range", "row", "column", "dictionary", "dict", "memcache",
        "kv", "translation", "i18n", "locale", "recv", "receive", "default", "trusted", "annotation", "label",
        "header", "metadata", "field", "config", "selector", "node", "file", "join",
    ]
    /// Words after the secret word that describe it instead of holding it.
    static let trailingModifiers: Set<String> = [
        "file", "files", "path", "paths", "dir", "directory", "folder", "location", "url", "uri", "urls", "endpoint",
        "host", "hostname", "server", "port", "domain", "ttl", "expiry", "expire", "expires", "expiration", "lifetime",
        "timeout", "age", "duration", "interval", "period", "days", "hours", "minutes", "seconds", "secs", "ms",
        "length", "len", "size", "min", "max", "minimum", "maximum", "count", "limit", "version", "ver", "id", "ids",
        "name", "names", "type", "kind", "mode", "method", "algorithm", "alg", "algo", "format", "encoding", "header",
        "prefix", "suffix", "enabled", "disabled", "enable", "disable", "required", "optional", "policy", "rules",
        "rule", "complexity", "strength", "issuer", "audience", "scope", "scopes", "provider", "backend", "strategy",
        "realm", "source", "mechanism", "plugin", "callback", "redirect", "ref", "refs", "reference", "arn", "region",
        "alias", "fingerprint", "hash", "salt", "reset", "field", "param", "parameter", "env", "var", "variable",
        "keyring", "keyserver", "sha", "sha1", "sha256", "sha512", "md5", "checksum", "label", "description", "desc",
        "template", "pattern", "regex", "rotation", "cache", "user", "username", "login", "email", "db", "database",
        "manager", "engine", "mount", "helper", "command", "cmd", "script", "generator", "threshold", "window",
        "level", "bits", "usage", "spec", "stdin", "store", "vault", "namespace", "key_id", "keyid", "enforce",
        "validation", "validator", "lockout", "attempts", "retries", "mask", "hint", "question", "rotate",
        "uid", "gid", "owner", "perm", "permissions", "exchange", "queue", "topic", "table", "collection",
        "cookie", "tokens", "schedule", "cron", "class", "handler", "service", "svc", "audit", "through", "thru",
        "pub", "public", "backends", "providers", "methods", "types", "modes", "mechanisms", "strategies", "plugins",
        "options", "settings", "verify", "verification", "authn", "authz",
    ]
    /// Words before the secret word that make it public.
    static let publicQualifiers: Set<String> = ["public", "publishable", "pub", "gpg", "pgp", "gnupg"]

    static func isSecretWord(at index: Int, in words: [String]) -> Bool {
        let word = words[index]
        if word == "key" || word == "keys" {
            guard index > 0 else { return true }
            return !nonSecretKeyKinds.contains(words[index - 1])
        }
        if word == "pwd" { return words.count > 1 }
        if word == "pat" { return index > 0 }
        if exactSecretWords.contains(word) { return true }
        if suffixExceptions.contains(word) { return false }
        if word.hasSuffix("key"), ["apikey", "secretkey", "privatekey", "accesskey", "masterkey", "authkey",
                                   "signingkey", "encryptionkey", "appkey", "clientkey", "hmackey", "sshkey",
                                   "deploykey", "sessionkey"].contains(word) {
            return true
        }
        return secretSuffixes.contains { word.count > $0.count + 1 && word.hasSuffix($0) }
    }
}
