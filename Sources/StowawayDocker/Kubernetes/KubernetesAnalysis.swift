import Foundation
import StowawayCore
import Yams

/// Kubernetes manifests (multi-document) and Helm values: `kind: Secret` `data:` (base64-decoded) and `stringData:`,
/// ConfigMap entries holding secrets, registry auths in `kubernetes.io/dockerconfigjson` Secrets, container `env:`
/// literals with secret-like names, and (for Helm values) secret-like keys with literal values.
struct KubernetesAnalysis {
    let yaml: YAMLSupport
    let isHelmValues: Bool
    var sink: FindingSink

    init(source: SourceText, isHelmValues: Bool) {
        yaml = YAMLSupport(source: source)
        self.isHelmValues = isHelmValues
        sink = FindingSink(source: source)
    }

    /// Keys of Secret data that name things rather than hold secrets.
    static let descriptiveKeys: Set<String> = [
        "username", "user", "host", "hostname", "port", "database", "db", "dbname", "namespace", "region", "endpoint",
        "url", "uri", "ca.crt", "tls.crt", "ca-bundle.crt", "cert", "certificate", "email", "login", "account", "name",
        "realm", "scheme", "protocol", "bucket", "project", "project_id", "client_id", "clientid", "tenant", "tenant_id",
    ]

    mutating func run(_ documents: [Node]) -> [SemanticFinding] {
        for document in documents {
            let kind = YAMLSupport.text(YAMLSupport.value(document, "kind"))
            let name = YAMLSupport.text(YAMLSupport.value(YAMLSupport.value(document, "metadata"), "name")) ?? "(unnamed)"
            if kind == "Secret" {
                checkSecretData(YAMLSupport.value(document, "data"), secretName: name)
                checkStringData(YAMLSupport.value(document, "stringData"), secretName: name)
            } else if kind == "ConfigMap" {
                checkConfigMap(YAMLSupport.value(document, "data"), name: name)
            }
            walk(document, depth: 0)
        }
        return sink.findings
    }

    // MARK: - Secrets

    mutating func checkSecretData(_ data: Node?, secretName: String) {
        for (key, _, valueNode) in YAMLSupport.entries(data) {
            guard let encoded = YAMLSupport.text(valueNode)?.filter({ !$0.isWhitespace }), !encoded.isEmpty,
                  let range = yaml.range(of: encoded, in: valueNode),
                  let bytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters).map(Array.init) else { continue }
            if key == ".dockerconfigjson" || key == ".dockercfg" {
                for entry in DockerConfigAuths.entries(inJSON: bytes) {
                    sink.add(DockerRules.dockerConfigAuth, secret: entry.secret, range: range,
                             message: "Secret \(secretName) \(key) holds credentials for registry \(entry.registry)"
                                 + (entry.username.map { " as \($0)" } ?? "") + " (base64-decoded)",
                             decodedFrom: "base64")
                }
                continue
            }
            let decoded = String(decoding: bytes, as: UTF8.self)
            for (secret, description) in judge(key: key, value: decoded) {
                sink.add(DockerRules.kubernetesSecretData, secret: secret, range: range,
                         message: "Secret \(secretName) data.\(key) holds \(description) (base64-decoded)",
                         decodedFrom: "base64")
            }
        }
    }

    mutating func checkStringData(_ data: Node?, secretName: String) {
        for (key, _, valueNode) in YAMLSupport.entries(data) {
            guard let value = YAMLSupport.text(valueNode) else { continue }
            for (secret, description) in judge(key: key, value: value) {
                guard let range = yaml.range(of: secret, in: valueNode) else { continue }
                sink.add(DockerRules.kubernetesSecretStringData, secret: secret, range: range,
                         message: "Secret \(secretName) stringData.\(key) holds \(description)")
            }
        }
    }

    /// What in a Secret value is a credential: everything but descriptive keys, placeholders and empty values; for
    /// multi-line values (config files), the secret-like assignments and URL credentials inside.
    func judge(key: String, value: String) -> [(String, String)] {
        let trimmed = value.trimmingCharacters(in: " \t\r\n")
        guard !trimmed.isEmpty else { return [] }
        let lowerKey = key.lowercased()
        if trimmed.contains("PRIVATE KEY-----") { return [(trimmed, "a PEM private key")] }
        if trimmed.contains("\n") || trimmed.hasPrefix("{") {
            return ValueCredentials.find(in: trimmed + "\n", fileName: key).map { ($0.secret, "\($0.label) in a configuration file") }
        }
        let embedded = ValueCredentials.find(in: trimmed).map { ($0.secret, "a \($0.label)") }
        if !embedded.isEmpty { return embedded }
        if Self.descriptiveKeys.contains(lowerKey) || lowerKey.hasSuffix(".crt") || lowerKey.hasSuffix(".pub") { return [] }
        if SecretName.isSecret(key) {
            return SecretValue.isLiteralSecret(trimmed, name: key, evidence: .structure)
                ? [(trimmed, "a \(Self.describe(trimmed))")] : []
        }
        // A Secret's value is secret by intent; still demand that it looks like one when its key says nothing.
        guard SecretValue.isLiteralSecret(trimmed, name: key), shannonEntropy(Array(trimmed.utf8)) >= 3.0 else { return [] }
        return [(trimmed, "a \(Self.describe(trimmed))")]
    }

    static func describe(_ value: String) -> String {
        let count = value.utf8.count
        if value.hasPrefix("eyJ"), value.split(separator: ".").count == 3 { return "JSON web token" }
        if count >= 32, value.allSatisfy(\.isHexDigit) { return "hex key (\(count) characters)" }
        return "password-like value (\(count) characters)"
    }

    // MARK: - ConfigMaps

    mutating func checkConfigMap(_ data: Node?, name: String) {
        for (key, _, valueNode) in YAMLSupport.entries(data) {
            guard let value = YAMLSupport.text(valueNode) else { continue }
            var secrets: [(String, String)] = []
            if !value.contains("\n"), SecretName.isSecret(key), SecretValue.isLiteralSecret(value, name: key) {
                secrets.append((value, key))
            }
            secrets += ValueCredentials.find(in: value, fileName: key).map { ($0.secret, $0.label) }
            for (secret, label) in secrets {
                guard let range = yaml.range(of: secret, in: valueNode) else { continue }
                sink.add(DockerRules.kubernetesConfigMapSecret, secret: secret, range: range,
                         message: "ConfigMap \(name) data.\(key) holds a secret (\(label)); ConfigMaps are not access-controlled like Secrets")
            }
        }
    }

    // MARK: - env lists and Helm values

    /// Finds `env:` lists anywhere (pod templates, CronJobs, Helm values) and, in Helm values, secret-like keys.
    mutating func walk(_ node: Node, depth: Int) {
        guard depth < 40 else { return }
        if let sequence = node.sequence {
            for item in sequence { walk(item, depth: depth + 1) }
            return
        }
        guard node.mapping != nil else { return }
        if YAMLSupport.value(node, "image") != nil { checkContainerCommand(node) }
        for (key, _, value) in YAMLSupport.entries(node) {
            if key == "env" || key == "extraEnv" || key == "extraEnvVars", let items = value.sequence {
                for item in items { checkEnvItem(item) }
            }
            if key == "literals", let items = value.sequence { checkGeneratorLiterals(Array(items)) }
            if isHelmValues, let text = YAMLSupport.text(value) { checkHelmValue(key: key, value: text, node: value) }
            walk(value, depth: depth + 1)
        }
    }

    mutating func checkEnvItem(_ item: Node) {
        guard let name = YAMLSupport.text(YAMLSupport.value(item, "name")),
              let valueNode = YAMLSupport.value(item, "value"), let value = YAMLSupport.text(valueNode) else { return }
        var secrets: [(String, String)] = []
        if SecretName.isSecret(name), SecretValue.isLiteralSecret(value, name: name) {
            secrets.append((value, "literal value"))
        }
        secrets += ValueCredentials.find(in: value).map { ($0.secret, $0.label) }
        for (secret, label) in secrets {
            guard let range = yaml.range(of: secret, in: valueNode) else { continue }
            sink.add(DockerRules.kubernetesEnvSecret, secret: secret, range: range,
                     message: "env \(name) has a \(label) instead of valueFrom.secretKeyRef")
        }
    }

    /// A container's `command` + `args` (exec form; `sh -c` scripts are read as scripts).
    mutating func checkContainerCommand(_ container: Node) {
        var words: [MappedText] = []
        for key in ["command", "args"] {
            guard let node = YAMLSupport.value(container, key) else { continue }
            if let sequence = node.sequence { words += sequence.compactMap { yaml.mapped($0) } }
            else if let text = yaml.mapped(node) { words.append(text) }
        }
        guard !words.isEmpty else { return }
        let name = YAMLSupport.text(YAMLSupport.value(container, "name")) ?? "container"
        for credential in InlineCredentialDetector.detect(execForm: words) where credential.kind == .literal {
            sink.add(DockerRules.kubernetesCommandCredential, value: credential.value,
                     message: "\(name) command line has a literal credential (\(credential.label))")
        }
    }

    /// Kustomize `secretGenerator` `literals: [KEY=value]`: Secret data written in the repository.
    mutating func checkGeneratorLiterals(_ items: [Node]) {
        for item in items {
            guard let text = YAMLSupport.text(item), let equals = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<equals])
            for (secret, description) in judge(key: key, value: String(text[text.index(after: equals)...])) {
                guard let range = yaml.range(of: secret, in: item) else { continue }
                sink.add(DockerRules.kubernetesSecretStringData, secret: secret, range: range,
                         message: "kustomize literal \(key) holds \(description)")
            }
        }
    }

    mutating func checkHelmValue(key: String, value: String, node: Node) {
        var secrets: [(String, String)] = []
        if SecretName.isSecret(key), SecretValue.isLiteralSecret(value, name: key) { secrets.append((value, key)) }
        secrets += ValueCredentials.find(in: value, fileName: key).map { ($0.secret, $0.label) }
        for (secret, label) in secrets {
            guard let range = yaml.range(of: secret, in: node) else { continue }
            sink.add(DockerRules.helmValuesSecret, secret: secret, range: range,
                     message: "values key \(key) holds a literal secret (\(label))")
        }
    }
}
