/// `.docker/config.json` and `.dockercfg`: each registry entry with a stored credential is a finding naming the
/// registry and user; the secret is the decoded password.
enum DockerConfigAnalysis {
    static func analyze(source: SourceText) -> [SemanticFinding] {
        var sink = FindingSink(source: source)
        for entry in DockerConfigAuths.entries(inJSON: source.bytes) {
            guard let range = entry.secretRange else { continue }
            let user = entry.username.map { " as \($0)" } ?? ""
            sink.add(DockerRules.dockerConfigAuth, secret: entry.secret, range: range,
                     message: "credentials for registry \(entry.registry)\(user)"
                         + (entry.decodedFrom != nil ? " (base64 `auth`, decoded)" : ""),
                     decodedFrom: entry.decodedFrom)
        }
        return sink.findings
    }
}
