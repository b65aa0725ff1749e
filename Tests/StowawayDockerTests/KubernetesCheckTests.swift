import Testing
@testable import StowawayDocker

@Suite struct KubernetesCheckTests {
    let secret = Synthetic.secret(41)

    @Test func secretDataIsDecodedAndStringDataRead() throws {
        let encoded = Synthetic.base64(secret)
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: plain
            data:
              LOG_LEVEL: info
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            type: Opaque
            data:
              username: \(Synthetic.base64("app"))
              password: \(encoded)
            stringData:
              API_TOKEN: \(secret)x
            """
        let data = try #require(findings(text, path: "k8s/db.yaml", rule: "k8s-secret-data").first)
        #expect(data.secret == secret && data.decodedFrom == "base64")
        #expect(data.location.line == 15 && data.location.column == 13)
        #expect(data.location.byteLength == encoded.utf8.count)
        #expect(!data.lineText.contains(encoded))
        #expect(data.message.contains("Secret db data.password"))
        let stringData = try #require(findings(text, path: "k8s/db.yaml", rule: "k8s-secret-string-data").first)
        #expect(stringData.secret == secret + "x" && stringData.location.line == 17)
        #expect(findings(text, path: "k8s/db.yaml").count == 2)
    }

    @Test func privateKeysAndConfigFilesInSecrets() throws {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\n\(secret)\n-----END RSA PRIVATE KEY-----\n"
        let properties = "spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password=\(secret)\n"
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ndata:\n  tls.key: \(Synthetic.base64(pem))\n  tls.crt: \(Synthetic.base64("-----BEGIN CERTIFICATE-----\nabc\n"))\n  application.properties: \(Synthetic.base64(properties))\n"
        let found = findings(text, path: "secret.yaml", rule: "k8s-secret-data")
        #expect(found.map(\.location.line) == [6, 8])
        #expect(found.last?.secret == secret)
    }

    @Test func dockerConfigJSONSecretNamesTheRegistry() throws {
        let config = "{\"auths\":{\"registry.example.com\":{\"auth\":\"\(Synthetic.base64("ci:" + secret))\"}}}"
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: \(Synthetic.base64(config))\n"
        let finding = try #require(findings(text, path: "pull-secret.yaml").first)
        #expect(finding.rule.id == "docker-registry-credentials" && finding.secret == secret)
        #expect(finding.message.contains("registry.example.com as ci"))
        #expect(finding.location.line == 7)
    }

    @Test func configMapAndContainerEnv() throws {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: app
            data:
              DB_HOST: db.internal
              DB_PASSWORD: \(secret)
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: sync
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: sync
                          image: app
                          env:
                            - name: API_TOKEN
                              value: "\(secret)"
                            - name: DB_PASSWORD
                              valueFrom:
                                secretKeyRef: {name: db, key: password}
                            - name: TOKEN_TTL
                              value: "3600"
            """
        let configMap = try #require(findings(text, path: "app.yaml", rule: "k8s-configmap-secret").first)
        #expect(configMap.location.line == 7 && configMap.secret == secret)
        let env = findings(text, path: "app.yaml", rule: "k8s-env-secret")
        #expect(env.map(\.location.line) == [23] && env.first?.location.column == column(of: secret, line: 23, in: text))
    }

    @Test func helmValues() throws {
        let text = "image:\n  tag: 1.2.3\npostgresql:\n  auth:\n    username: app\n    password: \(secret)\n    existingSecret: \"\"\nextraEnv:\n  - name: SMTP_PASSWORD\n    value: \(secret)y\n"
        let found = findings(text, path: "charts/app/values-prod.yaml")
        #expect(found.map(\.rule.id) == ["helm-values-secret", "k8s-env-secret"])
        #expect(found.map(\.location.line) == [6, 10])
    }

    @Test(arguments: [
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  password: \"\"\n  username: YXBw\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: <set-me>\n  token: ${TOKEN}\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          env:\n            - name: PASSWORD_MIN_LENGTH\n              value: \"12\"\n            - name: DB_PASSWORD_FILE\n              value: /run/secrets/db\n",
    ])
    func kubernetesNegatives(text: String) {
        #expect(findings(text, path: "deploy.yaml").isEmpty)
    }

    @Test func helmTemplatesAreLeftToTheRuleScan() {
        let template = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\nstringData:\n  password: {{ .Values.password }}\n"
        #expect(DockerAnalyzer.analyze(path: "templates/secret.yaml", text: template).kind == nil)
    }

    @Test func invalidYAMLIsReportedAsAnIssue() {
        let analysis = DockerAnalyzer.analyze(path: "docker-compose.yml", text: "services:\n  a: [\n")
        #expect(analysis.findings.isEmpty)
        #expect(analysis.issues.count == 1)
        #expect(analysis.issues.first?.kind == .warning && analysis.issues.first?.input == "docker-compose.yml")
    }
}
