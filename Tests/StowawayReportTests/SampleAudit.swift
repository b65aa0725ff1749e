import Foundation
import StowawayCore
import StowawayReport

/// Reports for the HTML tests, shaped like what `stowaway git` and `stowaway image` write (the same provenance fields,
/// checked against real runs): a small audit mixing history, images and files; one with hostile strings everywhere;
/// and a large one. Secrets are synthetic strings from a seeded generator, never real credentials.
enum SampleAudit {
    struct Tokens {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next(_ prefix: String, _ count: Int) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            var result = prefix
            for _ in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                result.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
            }
            return result
        }
    }

    static func location(_ line: Int, _ column: Int = 1, length: Int = 40) -> Location {
        Location(line: line, column: column, endLine: line, endColumn: column + length, byteOffset: 0, byteLength: length)
    }

    static func git(_ path: String, line: Int = 1, commit: String, author: String, email: String, date: String,
                    refs: [String] = ["refs/heads/main"], inHead: Bool?, source: String = "git", text: String) -> Occurrence {
        var provenance = Provenance(source: source, path: path)
        provenance.commit = commit
        provenance.author = author
        provenance.email = email
        provenance.date = date
        provenance.refs = refs
        provenance.inHead = inHead
        if source == "git" { provenance.blob = String(commit.reversed()) }
        return Occurrence(provenance: provenance, location: location(line), lineText: text)
    }

    static func layer(_ path: String, image: String, index: Int, createdBy: String, deletedIn: Int? = nil,
                      overwrittenIn: Int? = nil, text: String) -> Occurrence {
        var provenance = Provenance(source: "image-layer", path: path)
        provenance.image = image
        provenance.layerIndex = index
        provenance.layerDigest = "sha256:" + sha256Hex(Array("\(image) layer \(index)".utf8))
        provenance.createdBy = createdBy
        provenance.deletedInLayer = deletedIn
        provenance.overwrittenInLayer = overwrittenIn
        return Occurrence(provenance: provenance, location: location(1), lineText: text)
    }

    static func finding(_ rule: String, _ name: String, _ severity: Severity, secret: String, _ occurrences: [Occurrence]) -> Finding {
        Finding(ruleID: rule, ruleName: name, severity: severity, confidence: .high, secret: secret,
                message: name + " found", remediation: "Revoke the \(name.lowercased()) at its issuer, then remove it from the code and history.",
                occurrences: occurrences)
    }

    static func report(_ findings: [Finding], issues: [ScanIssue] = []) -> ScanReport {
        var summary = ScanSummary()
        summary.filesScanned = 1_284
        summary.bytesScanned = 48_213_077
        summary.findings = findings.count
        summary.occurrences = findings.reduce(0) { $0 + $1.occurrences.count }
        summary.rules = 391
        summary.durationSeconds = 1.874
        return ScanReport(findings: findings, summary: summary, issues: issues)
    }

    static let image = "registry.example.com/payments:2.3"

    /// 9 findings in 11 places: critical 2, high 3, medium 3, low 1; still present 4, deleted in a layer 2, only in
    /// history 3; introduced from 2023-09 to 2024-04.
    static var audit: ScanReport {
        var tokens = Tokens(seed: 42)
        let github = tokens.next("ghp_", 36)
        let aws = "AKIA" + tokens.next("", 16).uppercased()
        let stripe = tokens.next("sk_live_", 24)
        let slack = "https://hooks.slack.com/services/T" + tokens.next("", 8).uppercased() + "/B" + tokens.next("", 8).uppercased() + "/" + tokens.next("", 24)
        let password = tokens.next("", 18)
        let jwt = "eyJhbGciOiJIUzI1NiJ9." + tokens.next("", 30) + "." + tokens.next("", 43)
        let npm = tokens.next("npm_", 36)
        let apiKey = tokens.next("", 32)
        let k8s = tokens.next("", 24)
        let findings = [
            finding("github-pat-classic", "GitHub personal access token", .critical, secret: github, [
                git("config/app.env", line: 3, commit: "4f1c2a9e0b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a", author: "Ada Lovelace",
                    email: "ada@example.com", date: "2023-11-14T09:12:00+01:00", refs: ["refs/heads/main", "refs/tags/v1.0"],
                    inHead: true, text: "GITHUB_TOKEN=\(github)"),
                git("deploy/.env", commit: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", author: "Grace Hopper",
                    email: "grace@example.com", date: "2024-02-02T16:40:00+00:00", inHead: true, text: "GH_TOKEN=\(github)"),
            ]),
            finding("aws-access-key-id", "AWS access key ID", .critical, secret: aws, [
                git("scripts/deploy.sh", line: 12, commit: "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", author: "Grace Hopper",
                    email: "grace@example.com", date: "2024-01-09T11:00:00-05:00", inHead: false,
                    text: "export AWS_ACCESS_KEY_ID=\(aws)"),
            ]),
            finding("stripe-secret-key", "Stripe secret key", .high, secret: stripe, [
                git("billing/keys.py", line: 7, commit: "2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f", author: "Alan Turing",
                    email: "alan@example.com", date: "2024-02-20T08:30:00+00:00", refs: ["refs/heads/feature/billing"],
                    inHead: false, text: "STRIPE_KEY = \"\(stripe)\""),
                layer("app/billing/keys.py", image: image, index: 1, createdBy: "COPY . /app", deletedIn: 2,
                      text: "STRIPE_KEY = \"\(stripe)\""),
            ]),
            finding("slack-webhook-url", "Slack incoming webhook", .high, secret: slack, [
                git("(commit message)", commit: "3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60", author: "Ada Lovelace",
                    email: "ada@example.com", date: "2024-02-27T10:05:00+00:00", inHead: nil, source: "commit-message",
                    text: "Alerting: post to \(slack)"),
            ]),
            finding("generic-password", "Password assignment", .medium, secret: password, [
                git("docker-compose.yml", line: 21, commit: "5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182", author: "Grace Hopper",
                    email: "grace@example.com", date: "2024-04-03T14:00:00+00:00", inHead: true,
                    text: "      POSTGRES_PASSWORD: \(password)"),
            ]),
            finding("jwt", "JSON Web Token", .low, secret: jwt, [
                git("tests/fixtures/session.json", line: 2, commit: "60718293a4b5c6d7e8f90a1b2c3d4e5f60718293", author: "Alan Turing",
                    email: "alan@example.com", date: "2023-09-30T23:59:00+00:00", inHead: false, text: "\"token\": \"\(jwt)\""),
            ]),
            finding("npm-access-token", "npm access token", .high, secret: npm, [
                layer("root/.npmrc", image: image, index: 3, createdBy: "RUN echo //registry.npmjs.org/:_authToken=\(npm) > /root/.npmrc && npm ci",
                      overwrittenIn: 4, text: "//registry.npmjs.org/:_authToken=\(npm)"),
            ]),
            finding("generic-api-key", "Generic API key", .medium, secret: apiKey, [
                {
                    var provenance = Provenance(source: "image-config", path: "config.Env[2]")
                    provenance.image = image
                    provenance.configField = "config.Env[2]"
                    return Occurrence(provenance: provenance, location: location(1), lineText: "PAYMENTS_API_KEY=\(apiKey)")
                }(),
            ]),
            finding("k8s-secret-data", "Kubernetes Secret data", .medium, secret: k8s, [
                Occurrence(provenance: .file("k8s/payments-secret.yaml"), location: location(8, 3),
                           lineText: "  api-token: \(Data(k8s.utf8).base64EncodedString())", decodedFrom: "base64"),
            ]),
        ]
        return report(findings, issues: [ScanIssue(.note, input: "vendor/big.bin", message: "skipped: larger than --max-file-size")])
    }

    /// Hostile strings in every field that comes from scanned content or a repository: a path that closes the data
    /// block, author names and refs with markup and quotes, a commit message and a build step with script tags, an
    /// image name with an event handler.
    static let payloads = [
        "</script><script>document.body.dataset.pwned='path'</script>",
        "x\"><img src=x onerror=\"document.body.dataset.pwned='img'\">.env",
        "Mallory <b id=\"pwned-author\">'\"&amp;</b>",
        "<!--<script>document.body.dataset.pwned='comment'</script>",
        "refs/heads/<svg onload=\"document.body.dataset.pwned='svg'\">",
        "RUN echo '<iframe srcdoc=\"x\"></iframe>' \u{2028} > /etc/motd",
        "evil:1.0\"><script>document.body.dataset.pwned='image'</script>",
    ]

    static var hostile: ScanReport {
        var tokens = Tokens(seed: 7)
        let secret = tokens.next("ghp_", 36)
        let other = tokens.next("sk_live_", 24)
        var history = git(payloads[0], commit: "7182", author: payloads[2], email: "m@example.com\"><i>",
                          date: "2024-03-01T00:00:00+00:00", refs: [payloads[4]], inHead: true, text: "token=\(secret) \(payloads[3])")
        history.provenance.tag = payloads[1]
        let message = git("(commit message)", commit: "8293", author: payloads[2], email: "m@example.com",
                          date: "2024-03-02T00:00:00+00:00", inHead: nil, source: "commit-message",
                          text: "Add <script>document.body.dataset.pwned='message'</script> key \(other)")
        let inLayer = layer(payloads[1], image: payloads[6], index: 0, createdBy: payloads[5], deletedIn: 1, text: "x=\(other)")
        return report([
            finding("github-pat-classic", "GitHub <b>token</b>", .critical, secret: secret, [history]),
            finding("stripe-secret-key", "Stripe \"key\"", .high, secret: other, [message, inLayer]),
        ], issues: [ScanIssue(.error, input: payloads[0], message: "cannot read <img src=x>")])
    }

    /// `count` findings over 40 rules, 200 paths, 12 authors and 6 years of history, a tenth of them also in image
    /// layers: what an audit of a large monorepository and its images looks like.
    static func large(count: Int) -> ScanReport {
        var tokens = Tokens(seed: 99)
        let severities: [Severity] = [.critical, .high, .high, .medium, .medium, .medium, .low]
        var findings: [Finding] = []
        findings.reserveCapacity(count)
        for index in 0..<count {
            let secret = tokens.next("tok_", 32)
            let month = index % 72
            let date = String(format: "%04d-%02d-%02dT12:00:00+00:00", 2019 + month / 12, month % 12 + 1, index % 28 + 1)
            let path = "services/service-\(index % 200)/config/settings-\(index % 7).env"
            var occurrences = [git(path, line: index % 90 + 1, commit: String(format: "%040x", index * 7919),
                                   author: "Developer \(index % 12)", email: "dev\(index % 12)@example.com", date: date,
                                   inHead: index % 3 == 0, text: "KEY_\(index)=\(secret)")]
            if index % 10 == 0 {
                occurrences.append(layer("app/" + path, image: "registry.example.com/service-\(index % 5):1", index: index % 8,
                                         createdBy: "COPY services /app/services", deletedIn: index % 20 == 0 ? 8 : nil,
                                         text: "KEY_\(index)=\(secret)"))
            }
            findings.append(finding("rule-\(index % 40)", "Rule \(index % 40)", severities[index % severities.count],
                                    secret: secret, occurrences))
        }
        return report(findings)
    }

    static func context(show: Bool = false) -> ReportContext {
        ReportContext(redactor: Redactor(showSecrets: show), toolVersion: "0.0.0")
    }

    /// Writes the HTML for `report` into a temporary file.
    static func writePage(_ report: ScanReport, name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(HTMLReporter().render(report, context: context()).utf8).write(to: file)
        return file
    }
}
