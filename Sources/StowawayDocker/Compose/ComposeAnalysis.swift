import StowawayCore
import Yams

/// Compose files: `environment:` (map and list forms) and `build.args` with literal secrets, `${VAR:-default}` with a
/// secret default, shared `x-` blocks and `<<` merges, `command`/`entrypoint`/`healthcheck` credentials, and
/// top-level `secrets:` whose `file:` is kept in the repository.
struct ComposeAnalysis {
    let yaml: YAMLSupport
    let path: String
    let context: BuildContext?
    var sink: FindingSink

    init(source: SourceText, path: String, context: BuildContext?) {
        yaml = YAMLSupport(source: source)
        self.path = path
        self.context = context
        sink = FindingSink(source: source)
    }

    mutating func run(_ documents: [Node]) -> [SemanticFinding] {
        for document in documents {
            for (name, _, service) in YAMLSupport.entries(YAMLSupport.value(document, "services")) {
                checkVariables(YAMLSupport.value(service, "environment"), rule: DockerRules.composeEnvironmentSecret,
                               place: "service \(name) environment")
                let build = YAMLSupport.value(service, "build")
                checkVariables(YAMLSupport.value(build, "args"), rule: DockerRules.composeBuildArgSecret,
                               place: "service \(name) build argument")
                for key in ["command", "entrypoint"] {
                    checkCommand(YAMLSupport.value(service, key), place: "service \(name) \(key)")
                }
                checkCommand(YAMLSupport.value(YAMLSupport.value(service, "healthcheck"), "test"),
                             place: "service \(name) healthcheck")
            }
            for (key, _, block) in YAMLSupport.entries(document) where key.hasPrefix("x-") {
                walkExtension(block, place: key, depth: 0)
            }
            checkSecretFiles(YAMLSupport.value(document, "secrets"))
        }
        return sink.findings
    }

    /// `KEY: value` (map form) or `- KEY=value` (list form).
    mutating func checkVariables(_ node: Node?, rule: Rule, place: String) {
        guard let node else { return }
        if node.sequence != nil {
            for item in node.sequence ?? [] {
                guard let text = YAMLSupport.text(item), let equals = text.firstIndex(of: "=") else { continue }
                check(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]), node: item,
                      rule: rule, place: place)
            }
            return
        }
        for (name, _, value) in YAMLSupport.entries(node) {
            guard let text = YAMLSupport.text(value) else { continue }
            check(name: name, value: text, node: value, rule: rule, place: place)
        }
    }

    mutating func check(name: String, value written: String, node: Node, rule: Rule, place: String) {
        var value = written
        // `- KEY="value"` in list form: report the value without its quotes.
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        let interpolation = ComposeInterpolation(value)
        if SecretName.isSecret(name) {
            if interpolation.isLiteral, SecretValue.isLiteralSecret(interpolation.literalText, name: name) {
                add(rule, secret: interpolation.literalText, written: value, node: node,
                    message: "\(name) in \(place) is set to a literal secret")
            }
            for fallback in interpolation.literalDefaults where SecretValue.isLiteralSecret(fallback, name: name) {
                add(rule, secret: fallback, written: fallback, node: node,
                    message: "\(name) in \(place) has a literal secret as its ${\(name):-…} default")
            }
        }
        for credential in ValueCredentials.find(in: value) {
            add(rule, secret: credential.secret, written: credential.secret, node: node,
                message: "\(name) in \(place) holds a credential: \(credential.label)")
        }
    }

    mutating func add(_ rule: Rule, secret: String, written: String, node: Node, message: String) {
        guard let range = yaml.range(of: written, in: node) else { return }
        sink.add(rule, secret: secret, range: range, message: message)
    }

    /// `x-` extension blocks hold shared environment maps or lists (used through anchors).
    mutating func walkExtension(_ node: Node, place: String, depth: Int) {
        guard depth < 6 else { return }
        if let sequence = node.sequence {
            for item in sequence {
                if let text = YAMLSupport.text(item), let equals = text.firstIndex(of: "=") {
                    check(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]), node: item,
                          rule: DockerRules.composeEnvironmentSecret, place: place)
                } else {
                    walkExtension(item, place: place, depth: depth + 1)
                }
            }
            return
        }
        for (name, _, value) in YAMLSupport.entries(node) {
            if let text = YAMLSupport.text(value) {
                check(name: name, value: text, node: value, rule: DockerRules.composeEnvironmentSecret, place: place)
            } else {
                walkExtension(value, place: place, depth: depth + 1)
            }
        }
    }

    /// `command: redis-server --requirepass …` (a string, run by a shell) or a list (exec form).
    mutating func checkCommand(_ node: Node?, place: String) {
        guard let node else { return }
        var credentials: [CommandCredential] = []
        if let sequence = node.sequence {
            var words = sequence.compactMap { yaml.mapped($0) }
            // healthcheck `test: ["CMD", …]` runs the rest; `["CMD-SHELL", "…"]` runs a shell script.
            if words.first?.string == "CMD-SHELL", words.count > 1 {
                credentials = InlineCredentialDetector.detect(script: words[1])
            } else {
                if words.first?.string == "CMD" { words.removeFirst() }
                credentials = InlineCredentialDetector.detect(execForm: words)
            }
        } else if let text = yaml.mapped(node) {
            credentials = InlineCredentialDetector.detect(script: text)
        }
        for credential in credentials where credential.kind == .literal {
            sink.add(DockerRules.composeCommandCredential, value: credential.value,
                     message: "\(place) has a literal credential (\(credential.label))")
        }
    }

    /// `secrets: {name: {file: ./secrets/db.txt}}` where the file is in the repository and not ignored.
    mutating func checkSecretFiles(_ node: Node?) {
        guard let context else { return }
        for (name, _, spec) in YAMLSupport.entries(node) {
            guard let fileNode = YAMLSupport.value(spec, "file"), let file = YAMLSupport.text(fileNode) else { continue }
            let relative = DockerfileChecker.contextPath(file)
            guard context.files.contains(relative), !(context.gitignore?.excludes(relative) ?? false),
                  let range = yaml.range(of: file, in: fileNode) else { continue }
            sink.add(DockerRules.composeSecretFileCommitted, secret: "file:\(relative)", range: range,
                     message: "secret \(name) reads \(relative), a file kept next to the Compose file: the secret's value is in the repository")
        }
    }
}
