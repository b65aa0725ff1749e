import Foundation
import StowawayCore

/// One registry entry of a Docker client config with a stored credential.
struct DockerConfigEntry: Sendable {
    var registry: String
    var username: String?
    /// The password or token (decoded from `auth` when that is where it is).
    var secret: String
    /// Where the credential is written in the searched bytes: the base64 `auth`, or the `password`/`identitytoken`.
    var secretRange: Range<Int>?
    /// "base64" when the secret was decoded from `auth`.
    var decodedFrom: String?
}

/// Reads `~/.docker/config.json` (`{"auths": {registry: {"auth": base64(user:pass)}}}`, also `username`/`password`,
/// `identitytoken`, `registrytoken`) and the legacy `~/.dockercfg` (registries at the top level).
enum DockerConfigAuths {
    static func entries(inJSON bytes: [UInt8]) -> [DockerConfigEntry] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return [] }
        let registries = (object["auths"] as? [String: Any]) ?? object.filter { $0.value is [String: Any] && $0.key != "credHelpers" && $0.key != "HttpHeaders" && $0.key != "proxies" }
        var found: [DockerConfigEntry] = []
        for registry in registries.keys.sorted() {
            guard let fields = registries[registry] as? [String: Any] else { continue }
            let registryStart = firstRange(of: "\"" + registry + "\"", in: bytes, from: 0)?.upperBound ?? 0
            if let auth = fields["auth"] as? String, !auth.isEmpty,
               let data = Data(base64Encoded: auth, options: .ignoreUnknownCharacters),
               let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":") {
                let password = String(decoded[decoded.index(after: colon)...])
                if !password.isEmpty, !Placeholders.isPlaceholder(password) {
                    found.append(DockerConfigEntry(
                        registry: registry, username: String(decoded[..<colon]), secret: password,
                        secretRange: firstRange(of: auth, in: bytes, from: registryStart), decodedFrom: "base64"))
                    continue
                }
            }
            for key in ["password", "identitytoken", "registrytoken"] {
                guard let value = fields[key] as? String, SecretValue.isLiteralSecret(value, evidence: .structure) else {
                    continue
                }
                found.append(DockerConfigEntry(
                    registry: registry, username: fields["username"] as? String, secret: value,
                    secretRange: firstRange(of: value, in: bytes, from: registryStart), decodedFrom: nil))
                break
            }
        }
        return found
    }

    static func firstRange(of text: String, in bytes: [UInt8], from start: Int) -> Range<Int>? {
        let needle = Array(text.utf8)
        guard !needle.isEmpty else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }
}
