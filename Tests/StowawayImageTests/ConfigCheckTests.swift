import StowawayCore
import StowawayImage
@testable import StowawayKit
import Testing

/// Secret-like names holding literal values in the config and history, caught without any token rule.
@Suite struct ConfigCheckTests {
    static let password = "hunter2-prod-9f3c"

    @Test(arguments: [
        ("history[4].created_by", "RUN |2 NPM_TOKEN=\(password) VERSION=1.2.3 /bin/sh -c npm ci", "ci-build-arg-secret", 18),
        ("history[4].created_by", "|1 DB_PASSWORD=\(password) /bin/sh -c make", "ci-build-arg-secret", 16),
        ("history[1].created_by", "/bin/sh -c #(nop)  ENV DB_PASSWORD=\(password)", "docker-env-secret", 36),
        ("history[1].created_by", "ENV APP_ENV=prod SECRET_KEY=\"\(password)\"", "docker-env-secret", 30),
        ("history[1].created_by", "ENV API_PASSWORD \(password)", "docker-env-secret", 18),
        ("history[2].created_by", "LABEL com.example.deploy-token=\(password)", "docker-label-secret", 32),
        ("history[0].created_by", "ARG GITHUB_TOKEN=\(password)", "docker-arg-secret-default", 18),
        ("config.Env[2]", "DB_PASSWORD=\(password)", "docker-env-secret", 13),
        ("config.Labels.com.example.deploy-token", "com.example.deploy-token=\(password)", "docker-label-secret", 26),
    ])
    func literalSecretsUnderSecretNamesAreFound(field: String, text: String, rule: String, column: Int) throws {
        let analysis = ImageConfigChecks.analyze(ImageConfig.Field(name: field, text: text))
        let finding = try #require(analysis.findings.first, "\(text)")
        #expect(analysis.findings.count == 1)
        #expect(finding.rule.id == rule)
        #expect(finding.secret == Self.password)
        #expect(finding.location.column == column)
        #expect(finding.message.contains(field))
    }

    @Test(arguments: [
        ("history[4].created_by", "RUN |1 VERSION=1.2.3 /bin/sh -c make"),
        ("history[4].created_by", "RUN |1 NPM_TOKEN= /bin/sh -c npm ci"),
        ("history[1].created_by", "ENV API_KEY=${API_KEY}"),
        ("history[1].created_by", "ENV DB_PASSWORD_FILE=/run/secrets/db_password"),
        ("history[0].created_by", "ARG NPM_TOKEN"),
        ("history[3].created_by", "RUN /bin/sh -c echo TOKEN=\(password)"),
        ("config.Env[0]", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        ("config.Env[1]", "PASSWORD="),
        ("config.Labels.org.opencontainers.image.revision", "org.opencontainers.image.revision=4f1c2d3e"),
    ])
    func placeholdersAndHarmlessValuesAreNot(field: String, text: String) {
        #expect(ImageConfigChecks.analyze(ImageConfig.Field(name: field, text: text)).findings.isEmpty, "\(text)")
    }

    @Test func aPlainPasswordBuildArgIsReportedWithItsLayer() throws {
        let image = FixtureImage(name: "app:1", steps: [
            .layer(FixtureLayer([.file("etc/hostname", "app\n")]), createdBy: "ADD rootfs /"),
            .empty(createdBy: "ARG DB_PASSWORD"),
            .layer(FixtureLayer([.file("srv/ready", "ok\n")]), createdBy: "RUN |1 DB_PASSWORD=\(Self.password) /bin/sh -c ./migrate"),
        ])
        let directory = try TemporaryDirectory()
        let (report, _) = try scanFixture([image], layout: .ociArchive, in: directory)
        let occurrence = try #require(report.occurrences(of: Self.password).first)
        #expect(report.findings.first { $0.secret == Self.password }?.ruleID == "ci-build-arg-secret")
        #expect(occurrence.provenance.configField == "history[2].created_by")
        #expect(occurrence.provenance.layerIndex == 1)
        #expect(occurrence.provenance.source == "image-config")
    }
}
