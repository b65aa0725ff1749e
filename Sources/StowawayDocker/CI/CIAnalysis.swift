import Yams

/// GitHub Actions workflows and GitLab CI files: literal secrets in `env:`/`variables:`, in
/// `docker/build-push-action` `build-args:`, and in `docker/login-action` `password:`.
struct CIAnalysis {
    let yaml: YAMLSupport
    var sink: FindingSink

    init(source: SourceText) {
        yaml = YAMLSupport(source: source)
        sink = FindingSink(source: source)
    }

    static let gitlabReservedKeys: Set<String> = [
        "variables", "stages", "include", "default", "workflow", "image", "services", "before_script", "after_script",
        "cache", "spec",
    ]

    // MARK: - GitHub Actions

    mutating func runGitHub(_ documents: [Node]) -> [SemanticFinding] {
        for document in documents {
            checkVariables(YAMLSupport.value(document, "env"), place: "workflow env")
            for (jobName, _, job) in YAMLSupport.entries(YAMLSupport.value(document, "jobs")) {
                checkVariables(YAMLSupport.value(job, "env"), place: "job \(jobName) env")
                for step in YAMLSupport.value(job, "steps")?.sequence ?? [] {
                    checkVariables(YAMLSupport.value(step, "env"), place: "job \(jobName) step env")
                    checkAction(step, job: jobName)
                }
            }
        }
        return sink.findings
    }

    mutating func checkAction(_ step: Node, job: String) {
        guard let uses = YAMLSupport.text(YAMLSupport.value(step, "uses"))?.lowercased() else { return }
        let inputs = YAMLSupport.value(step, "with")
        if uses.hasPrefix("docker/build-push-action") || uses.hasPrefix("docker/bake-action") {
            guard let argsNode = YAMLSupport.value(inputs, "build-args") else { return }
            let lines = argsNode.sequence.map { $0.compactMap(YAMLSupport.text) }
                ?? (YAMLSupport.text(argsNode)?.split(whereSeparator: { $0 == "\n" || $0 == "," }).map(String.init) ?? [])
            for line in lines {
                guard let equals = line.firstIndex(of: "=") else { continue }
                let name = String(line[..<equals]).trimmingCharacters(in: " \t")
                let value = String(line[line.index(after: equals)...]).trimmingCharacters(in: " \t")
                guard SecretName.isSecret(name), SecretValue.isLiteralSecret(value, name: name),
                      let range = yaml.range(of: value, in: argsNode) else { continue }
                sink.add(DockerRules.ciBuildArgSecret, secret: value, range: range,
                         message: "job \(job): \(uses) build-args \(name) is a literal secret; pass it with the action's `secrets:` input and `RUN --mount=type=secret` instead")
            }
        } else if uses.hasPrefix("docker/login-action") {
            guard let passwordNode = YAMLSupport.value(inputs, "password"), let password = YAMLSupport.text(passwordNode),
                  SecretValue.isLiteralSecret(password, evidence: .structure),
                  let range = yaml.range(of: password, in: passwordNode) else { return }
            let registry = YAMLSupport.text(YAMLSupport.value(inputs, "registry")) ?? "Docker Hub"
            sink.add(DockerRules.ciDockerLoginPassword, secret: password, range: range,
                     message: "job \(job): docker/login-action password for \(registry) is written literally")
        }
    }

    // MARK: - GitLab CI

    mutating func runGitLab(_ documents: [Node], text: String) -> [SemanticFinding] {
        for document in documents {
            checkVariables(YAMLSupport.value(document, "variables"), place: "global variables", scriptText: text)
            for (jobName, _, job) in YAMLSupport.entries(document)
            where !Self.gitlabReservedKeys.contains(jobName) && job.mapping != nil {
                checkVariables(YAMLSupport.value(job, "variables"), place: "job \(jobName) variables", scriptText: text)
            }
        }
        return sink.findings
    }

    /// `NAME: value` or `NAME: {value: …, description: …}` with a secret-like name and a literal secret.
    mutating func checkVariables(_ node: Node?, place: String, scriptText: String? = nil) {
        for (name, _, valueNode) in YAMLSupport.entries(node) {
            let holder = valueNode.mapping != nil ? YAMLSupport.value(valueNode, "value") : valueNode
            guard let holder, let value = YAMLSupport.text(holder), SecretName.isSecret(name),
                  SecretValue.isLiteralSecret(value, name: name), let range = yaml.range(of: value, in: holder) else {
                continue
            }
            let passed = scriptText.map { $0.contains("--build-arg \(name)") || $0.contains("--build-arg=\(name)") } ?? false
            sink.add(DockerRules.ciVariableSecret, secret: value, range: range,
                     message: "\(name) in \(place) is a literal secret" + (passed ? ", and it is passed to docker build as a build argument" : ""))
        }
    }
}
