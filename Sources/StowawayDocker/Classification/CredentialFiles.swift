import Foundation
import StowawayCore

/// Files (and folders) that hold credentials by their nature: SSH and TLS private keys, keystores, dotenv files,
/// package-registry and netrc credentials, cloud and cluster credentials. Used for `COPY`/`ADD` sources, build
/// contexts, and files that `RUN` writes.
enum CredentialFiles {
    /// What credential a path names ("SSH private key", "npm credentials"), or nil. `path` uses `/` separators.
    static func kind(ofPath path: String) -> String? {
        // Runs for every file of a tree scan (the walk index): most names are ruled out by their extension alone.
        guard nameMayNameCredential(path) else { return nil }
        // Only the name and its folder matter; splitting whole paths ran once per file of every build context.
        var components = DockerFileKind.lastComponents(of: path, count: 3).filter { $0 != "." }
        guard let last = components.popLast() else { return nil }
        let name = last.lowercased()
        let parent = components.last?.lowercased()
        if name.hasSuffix(".pub") || name.hasSuffix(".example") || name.hasSuffix(".sample")
            || name.hasSuffix(".template") || name.hasSuffix(".dist") || name.hasSuffix(".tmpl") {
            return nil
        }
        for prefix in ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"] where name.hasPrefix(prefix) {
            return "SSH private key"
        }
        if name == ".env" || name.hasPrefix(".env.") && !["defaults", "schema", "local.example"].contains(name.dropFirst(5)) {
            return "dotenv file"
        }
        switch name {
        case ".npmrc": return "npm credentials (.npmrc)"
        case ".yarnrc.yml": return "Yarn credentials (.yarnrc.yml)"
        case ".pypirc": return "PyPI credentials (.pypirc)"
        case ".netrc", "_netrc": return "netrc credentials"
        case ".git-credentials": return "Git credentials"
        case ".pgpass": return "PostgreSQL password file (.pgpass)"
        case ".my.cnf": return "MySQL client credentials (.my.cnf)"
        case ".dockercfg": return "Docker registry credentials"
        case ".vault-token": return "Vault token"
        case ".s3cfg": return "s3cmd credentials"
        case ".htpasswd", "htpasswd": return "htpasswd password hashes"
        case "kubeconfig", "kubeconfig.yaml", "kubeconfig.yml": return "kubeconfig"
        case "credentials.json", "credentials.tfrc.json": return "credentials JSON"
        case ".ssh": return "SSH folder"
        case ".aws": return "AWS credentials folder"
        case ".kube": return "kubeconfig folder"
        case ".gnupg": return "GnuPG keyring"
        case ".docker": return "Docker config folder"
        default: break
        }
        if name == "config.json", parent == ".docker" { return "Docker registry credentials" }
        if name == "credentials" || name == "config", parent == ".aws" {
            return name == "credentials" ? "AWS credentials" : nil
        }
        if name == "config", parent == ".kube" { return "kubeconfig" }
        if name == "credentials" || name == "credentials.toml", parent == ".cargo" || parent == ".gem" {
            return "package registry credentials"
        }
        if name == "auth.json", parent == ".composer" { return "Composer credentials" }
        if name.hasSuffix(".kubeconfig") { return "kubeconfig" }
        if name.hasPrefix("client_secret"), name.hasSuffix(".json") { return "OAuth client secret JSON" }
        if (name.hasPrefix("service-account") || name.hasPrefix("service_account") || name.hasPrefix("serviceaccount")),
           name.hasSuffix(".json") {
            return "service account key JSON"
        }
        if name == "key.json" || name.hasSuffix("-key.json") || name.hasSuffix("_key.json") || name.hasSuffix("-sa.json") {
            return "service account key JSON"
        }
        if name.hasSuffix(".p12") || name.hasSuffix(".pfx") { return "PKCS#12 key store" }
        if name.hasSuffix(".jks") || name.hasSuffix(".keystore") { return "Java key store" }
        if name.hasSuffix(".key") || name.hasSuffix(".ppk") { return "private key" }
        if name.hasSuffix(".pem") {
            let stem = name.dropLast(4)
            if stem.contains("key") || stem.contains("priv") { return "PEM private key" }
            return nil
        }
        return nil
    }

    /// Whether `kind(ofPath:)` could accept the name: no extension, a dot- or underscore-name, `id_…`, or one of the
    /// extensions it looks at. Bytes only, no allocation.
    static func nameMayNameCredential(_ path: String) -> Bool {
        FileNameBytes.withName(of: path) { name in
            guard let first = name.first, let extensionBytes = FileNameBytes.extensionOf(name) else { return true }
            return first == UInt8(ascii: ".") || first == UInt8(ascii: "_")
                || FileNameBytes.hasPrefixIgnoringASCIICase(name, idPrefix)
                || credentialExtensions.contains { FileNameBytes.equalsIgnoringASCIICase(extensionBytes, $0) }
        }
    }

    private static let idPrefix = Array("id_".utf8)

    /// Extensions (lower case) of names `kind(ofPath:)` can accept: key stores, keys, JSON/TOML/YAML credentials.
    static let credentialExtensions = ["json", "toml", "yml", "yaml", "kubeconfig", "p12", "pfx", "jks", "keystore",
                                       "key", "ppk", "pem"].map { Array($0.utf8) }

    /// `*.pem` files not named like keys still hold one when their content says so.
    static func isPrivateKeyPEM(path: String, contents: [UInt8]) -> Bool {
        path.lowercased().hasSuffix(".pem") && String(decoding: contents.prefix(64 * 1024), as: UTF8.self).contains("PRIVATE KEY")
    }

    /// For a file whose contents are known: does it really hold a credential? (A `.npmrc` that only sets a registry,
    /// or reads `${NPM_TOKEN}`, does not; a certificate named `server.key` with no private key does not.)
    static func holdsCredential(path: String, contents: [UInt8]) -> Bool {
        guard let kind = kind(ofPath: path) else { return isPrivateKeyPEM(path: path, contents: contents) }
        switch kind {
        case "SSH private key", "private key", "PEM private key":
            return String(decoding: contents.prefix(64 * 1024), as: UTF8.self).contains("PRIVATE KEY")
                || (!contents.isEmpty && !contents.prefix(512).allSatisfy { $0 >= 0x09 && $0 < 0x7F || $0 >= 0x80 })
        case "PKCS#12 key store", "Java key store", "SSH folder", "AWS credentials folder", "kubeconfig folder",
             "GnuPG keyring", "Docker config folder", "Vault token":
            return true
        default:
            var text = MappedText()
            text.append(Array(contents.prefix(256 * 1024)), allAt: 0)
            return !literalSecrets(inFileAt: path, text: text).isEmpty
        }
    }

    /// Literal credentials in the text of a credential file (a heredoc body, an `echo` into `~/.netrc`, a file in
    /// the build context), as byte ranges of `text`.
    static func literalSecrets(inFileAt path: String, text: MappedText) -> [EmbeddedCredential] {
        let bytes = text.bytes
        let kind = kind(ofPath: path)
        var found: [EmbeddedCredential] = []
        switch kind {
        case "netrc credentials":
            found += netrcPasswords(bytes)
        case "Docker registry credentials":
            found += DockerConfigAuths.entries(inJSON: bytes).compactMap { entry in
                entry.secretRange.map { EmbeddedCredential(label: "registry auth for \(entry.registry)", range: $0) }
            }
        case "PostgreSQL password file (.pgpass)":
            found += pgpassPasswords(bytes)
        default:
            break
        }
        for line in lines(bytes) {
            for credential in assignmentCredentials(bytes, line: line)
            where !found.contains(where: { $0.range.overlaps(credential.range) }) {
                found.append(credential)
            }
        }
        for credential in EmbeddedCredentials.urlCredentials(in: bytes)
        where !found.contains(where: { $0.range.overlaps(credential.range) }) {
            found.append(credential)
        }
        return found
    }

    /// `key = value`, `key: value`, `key=value`, `export KEY=value` lines with a secret-like key (npmrc `_authToken`,
    /// pypirc `password`, AWS `aws_secret_access_key`, dotenv `API_TOKEN`, kubeconfig `token:`).
    static func assignmentCredentials(_ bytes: [UInt8], line: Range<Int>) -> [EmbeddedCredential] {
        var start = line.lowerBound
        while start < line.upperBound, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        // npmrc scopes (`//host/path/:_authToken=…`) contain colons: their separator is the `=`.
        let scoped = bytes[start..<line.upperBound].starts(with: Array("//".utf8))
        guard let separator = bytes[line].firstIndex(where: {
            $0 == UInt8(ascii: "=") || (!scoped && $0 == UInt8(ascii: ":"))
        }) else { return [] }
        var key = String(decoding: bytes[line.lowerBound..<separator], as: UTF8.self)
            .trimmingCharacters(in: " \t\"'-")
        if key.hasPrefix("export ") { key = String(key.dropFirst(7)).trimmingCharacters(in: " \t") }
        if key.hasPrefix("#") { return [] }
        // npmrc: `//registry.npmjs.org/:_authToken=…` — the key is what follows the last `:` of the scope.
        if let scoped = key.split(separator: ":").last, key.hasPrefix("//") { key = String(scoped) }
        var valueStart = separator + 1
        while valueStart < line.upperBound, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        var valueEnd = line.upperBound
        while valueEnd > valueStart, bytes[valueEnd - 1] <= 0x20 || bytes[valueEnd - 1] == UInt8(ascii: ",") {
            valueEnd -= 1
        }
        // `printf '…=token\n'`: a written escape ends the value.
        if valueEnd - valueStart > 2, bytes[valueEnd - 2] == UInt8(ascii: "\\"), bytes[valueEnd - 1] == UInt8(ascii: "n") {
            valueEnd -= 2
        }
        if valueEnd - valueStart >= 2, bytes[valueStart] == bytes[valueEnd - 1],
           bytes[valueStart] == UInt8(ascii: "\"") || bytes[valueStart] == UInt8(ascii: "'") {
            valueStart += 1
            valueEnd -= 1
        }
        guard valueStart < valueEnd else { return [] }
        let value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
        let normalizedKey = key.hasPrefix("_") ? String(key.dropFirst()) : key
        // The key is the only evidence on such a line, so the value must look like a credential itself.
        guard SecretName.isSecret(normalizedKey), SecretValue.isLiteralSecret(value, name: normalizedKey) else { return [] }
        return [EmbeddedCredential(label: key, range: valueStart..<valueEnd)]
    }

    /// `machine host login user password secret` (any layout, several machines).
    static func netrcPasswords(_ bytes: [UInt8]) -> [EmbeddedCredential] {
        var words: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] <= 0x20 { index += 1 }
            let start = index
            while index < bytes.count, bytes[index] > 0x20 { index += 1 }
            if index > start { words.append(start..<index) }
        }
        var found: [EmbeddedCredential] = []
        var machine = "default"
        for (position, word) in words.enumerated() where position + 1 < words.count {
            let keyword = String(decoding: bytes[word], as: UTF8.self)
            let next = words[position + 1]
            if keyword == "machine" { machine = String(decoding: bytes[next], as: UTF8.self) }
            if keyword == "password" || keyword == "passwd",
               SecretValue.isLiteralSecret(String(decoding: bytes[next], as: UTF8.self), evidence: .structure) {
                found.append(EmbeddedCredential(label: "netrc password for \(machine)", range: next))
            }
        }
        return found
    }

    /// `hostname:port:database:username:password` lines.
    static func pgpassPasswords(_ bytes: [UInt8]) -> [EmbeddedCredential] {
        lines(bytes).compactMap { line in
            let colons = bytes[line].indices.filter { bytes[$0] == UInt8(ascii: ":") }
            guard colons.count >= 4 else { return nil }
            let password = (colons[3] + 1)..<line.upperBound
            let text = String(decoding: bytes[password], as: UTF8.self)
            return SecretValue.isLiteralSecret(text, evidence: .structure)
                ? EmbeddedCredential(label: ".pgpass password", range: password) : nil
        }
    }

    static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            result.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { result.append(start..<bytes.count) }
        return result
    }
}
