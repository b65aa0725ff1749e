import Testing
@testable import StowawayCore

@Suite struct FingerprintTests {
    @Test func fingerprintIsRuleAndSecretHashIndependentOfPosition() {
        let a = Fingerprint(ruleID: "github-pat-classic", secret: "abc")
        let b = Fingerprint(ruleID: "github-pat-classic", secret: "abc")
        let c = Fingerprint(ruleID: "github-pat-classic", secret: "abd")
        #expect(a == b)
        #expect(a != c)
        // SHA-256("abc") is a published test vector.
        #expect(a.value == "github-pat-classic:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct EntropyTests {
    @Test func entropyOrdersRandomAboveRepetitive() {
        #expect(shannonEntropy(Array("aaaaaaaa".utf8)) == 0)
        #expect(abs(shannonEntropy(Array("abcd".utf8)) - 2) < 1e-9)
        #expect(shannonEntropy(Array("Zx8#kQ2!pL0@vN5$".utf8)) > 3.9)
    }
}

@Suite struct PlaceholderTests {
    @Test(arguments: [
        "", "${DB_PASSWORD}", "$API_TOKEN", "{{ .Values.token }}", "<your-token>", "changeme", "xxxxxxxxxx",
        "**********", "REDACTED", "/run/secrets/db_password", "12345678", "abcabcabcabc", "my-example-key",
        "{d[\"generic-password\"]}", "{0}", "{password}", "{DB_PASSWORD}", "{self.token}",
    ])
    func placeholdersAreRecognised(value: String) {
        #expect(Placeholders.isPlaceholder(value))
    }

    @Test(arguments: ["hunter2-prod-9f3c", "Zx8kQ2pL0vN5wR7t", "s3cr3tP4ssw0rd!x9", "{BWbMqz;Y1Ckfm}", "{Zx8kQ2pL0vN5}"])
    func realLookingValuesAreNotPlaceholders(value: String) {
        #expect(!Placeholders.isPlaceholder(value))
    }
}

@Suite struct RedactionTests {
    @Test func redactionHidesAllButAShortPrefix() {
        let redactor = Redactor(showSecrets: false)
        let secret = "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        #expect(redactor.secret(secret) == "ghp_*****")
        #expect(!redactor.line("token = \"\(secret)\"", secret: secret).contains(secret))
        #expect(Redactor(showSecrets: true).secret(secret) == secret)
        #expect(redactor.secret("short") == "*****")
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.pem", "certs/server.pem", true),
        ("*.pem", "certs/server.pem.txt", false),
        ("docs/*.md", "docs/a.md", true),
        ("docs/*.md", "src/docs/a.md", false),
        ("**/testdata/**", "pkg/x/testdata/key.txt", true),
        ("**/testdata/**", "testdata/key.txt", true),
        ("vendor", "vendor/github.com/x/y.go", true),
        ("vendor/", "src/vendor/a.go", true),
        ("node_modules/**", "node_modules/a/b.js", true),
        ("id_rsa*", "home/.ssh/id_rsa.pub", true),
        ("[!a]*.txt", "b.txt", true),
        ("[!a]*.txt", "a.txt", false),
        ("src/**/*.swift", "src/a/b/c.swift", true),
        ("src/**/*.swift", "src/c.swift", true),
        ("**/.pgpass", ".pgpass", true),
        ("**/.pgpass", "home/deploy/.pgpass", true),
        ("**/.pgpass", "home/deploy/.pgpass.bak", false),
        ("**/*.tf", "infra/prod/main.tf", true),
        ("**/*.tf", "infra/prod/main.tf.json", false),
        ("**/*.tf", "modules/x.tf/readme.md", true),
        ("/a/b/**/c/*.txt", "a/b/x/y/c/d.txt", true),
        ("a/**/b/**/c", "a/x/b/y/z/c/file", true),
        ("a/**/b/**/c", "a/x/c/y/b", false),
        ("weird/path", "weird//path", true),
        ("[ab]c.txt", "x/bc.txt", true),
        ("[ab]c.txt", "x/dc.txt", false),
        ("key?.pem", "certs/key1.pem", true),
        ("key?.pem", "certs/key.pem", false),
    ])
    func globsMatchLikeGitignore(glob: String, path: String, expected: Bool) {
        #expect(Glob(glob).matches(path) == expected, "\(glob) vs \(path)")
    }

    @Test(arguments: [
        ("**/.pgpass", "a/.pgpass", true),
        ("**/.pgpass", ".pgpass/inside", false),
        ("docs/*.md", "docs/a.md/b", false),
        ("src/**/*.swift", "src/a/b.swift", true),
    ])
    func exactMatchesTheWholePathOnly(glob: String, path: String, expected: Bool) {
        #expect(Glob(glob).matchesExactly(path) == expected, "\(glob) vs \(path)")
    }

    /// The set's ending prefilter must never change an answer: with endings (basename globs only) and without (a
    /// rooted glob in the set turns it off), it agrees with trying each glob.
    @Test(arguments: [
        ["**/*.tf", "**/*.tf.json", "**/.pgpass", "**/pgpass", "**/*.pgpass"],
        ["**/*.tf", "infra/**/*.hcl"],
        ["*.pem", "id_rsa*"],
    ])
    func globSetAgreesWithEachGlob(patterns: [String]) {
        let globs = patterns.map(Glob.init)
        let set = GlobSet(globs)
        let paths = ["infra/prod/main.tf", "infra/prod/main.tf.json", "modules/x.tf/readme.md", "main.tfvars", "a.tf",
                     "tf", ".pgpass", "home/deploy/.pgpass", "home/deploy/.pgpass.bak", "x/pgpass", "x/my.pgpass",
                     "infra/a/b.hcl", "other/b.hcl", "certs/server.pem", "home/.ssh/id_rsa.pub", "src/main.go", "",
                     "/", "a//b.tf", "f"]
        for path in paths {
            #expect(set.matchesAny(path) == Glob.anyMatches(globs, path), "\(patterns) vs \(path)")
        }
        #expect(!GlobSet([]).matchesAny("a.tf"))
    }
}

@Suite struct ChecksumTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(Checksums.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func githubStyleTailValidates() {
        let random = String(repeating: "aB3", count: 10)
        let token = "ghp_" + random + Checksums.crc32Base62Tail(Array(random.utf8))
        #expect(Checksums.validate("crc32-base62", token) == true)
        var broken = Array(token)
        broken[10] = broken[10] == "a" ? "b" : "a"
        #expect(Checksums.validate("crc32-base62", String(broken)) == false)
        #expect(Checksums.validate("no-such-checksum", token) == nil)
    }
}

@Suite struct AggregationTests {
    @Test func oneSecretInManyPlacesIsOneFindingAndThresholdsHide() {
        let rule = Rule(id: "r", name: "R", severity: .info, confidence: .high, pattern: "x")
        var aggregator = FindingAggregator()
        for line in 1...3 {
            let location = Location(line: line, column: 1, endLine: line, endColumn: 2, byteOffset: 0, byteLength: 1)
            aggregator.add(rule: rule, secret: "s", occurrence: Occurrence(provenance: .file("a"), location: location))
            aggregator.add(rule: rule, secret: "s", occurrence: Occurrence(provenance: .file("a"), location: location))
        }
        #expect(aggregator.findings.count == 1)
        #expect(aggregator.findings[0].occurrences.count == 3)
        var report = ScanReport(findings: aggregator.sorted(), summary: ScanSummary(), issues: [])
        report.applyThresholds(minSeverity: .low, minConfidence: .low)
        #expect(report.findings.isEmpty)
        #expect(report.summary.hidden == 1)
    }
}

@Suite struct DocumentationExampleTests {
    @Test func publishedExamplesAreKnownAndRandomOnesAreNot() {
        #expect(DocumentationExamples.isKnownExample("Bearer " + "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.x"))
        #expect(DocumentationExamples.isKnownExample("sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc"))
        #expect(!DocumentationExamples.isKnownExample("sk_" + "test_" + "9fQ2kL0pX7vN3mR8tY1uI4oP"))
    }
}
