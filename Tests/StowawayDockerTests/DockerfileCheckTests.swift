import Testing
@testable import StowawayDocker

/// One small Dockerfile per check, hadolint style: what must be found (rule, line, column, secret) and what must not.
@Suite struct DockerfileCheckTests {
    let secret = Synthetic.secret(11)
    let other = Synthetic.secret(12, length: 16)

    @Test func envWithSecretNameAndLiteralValue() throws {
        let found = findings("FROM alpine\nENV APP=web DB_PASSWORD=\(secret)\n", rule: "docker-env-secret")
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.secret == secret)
        #expect(finding.location.line == 2 && finding.location.column == 25)
        #expect(finding.location.endColumn == 25 + secret.utf8.count)
        #expect(finding.rule.severity == .high)
    }

    @Test func legacyEnvFormIsRead() throws {
        let finding = try #require(findings("FROM alpine\nENV API_PASSWORD \(secret)\n", rule: "docker-env-secret").first)
        #expect(finding.secret == secret && finding.location.line == 2 && finding.location.column == 18)
    }

    @Test func multiLineEnvReportsTheExactLine() throws {
        let text = "FROM alpine\nENV APP_ENV=prod \\\n    # the key\n    SECRET_KEY=\"\(secret)\" \\\n    PORT=8080\n"
        let finding = try #require(findings(text, rule: "docker-env-secret").first)
        #expect(finding.secret == secret)
        #expect(finding.location.line == 4 && finding.location.column == 17)
    }

    @Test func javaOptionsPasswordIsFound() throws {
        let text = "FROM openjdk:17\nENV JAVA_OPTS=\"-Xmx512m -Dspring.datasource.password=\(secret) -Dfile.encoding=UTF-8\"\n"
        let finding = try #require(findings(text, rule: "docker-env-secret").first)
        #expect(finding.secret == secret && finding.location.line == 2)
        #expect(finding.message.contains("-Dspring.datasource.password"))
    }

    @Test func urlWithCredentialsUnderAnyName() throws {
        let finding = try #require(findings("FROM python\nENV PIP_INDEX_URL=https://ci:\(secret)@pypi.example.com/simple\n",
                                            rule: "docker-env-secret").first)
        #expect(finding.secret == secret)
    }

    @Test func envLiteralDefaultOfAReferenceIsASecret() throws {
        let finding = try #require(findings("FROM alpine\nENV API_TOKEN=${API_TOKEN:-\(secret)}\n", rule: "docker-env-secret").first)
        #expect(finding.secret == secret && finding.location.column == 28)
    }

    @Test(arguments: [
        "ENV PASSWORD=\"\"", "ENV API_KEY=${API_KEY}", "ENV API_KEY=$API_KEY", "ENV DB_PASSWORD_FILE=/run/secrets/db_password",
        "ENV TOKEN_TTL=3600", "ENV PASSWORD_MIN_LENGTH=12", "ENV KEY_VERSION=v2", "ENV PUBLIC_KEY_URL=https://example.com/k.pub",
        "ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D", "ENV POSTGRES_PASSWORD=postgres",
        "ENV SECRET_KEY=<replace-me>", "ENV GITHUB_TOKEN=${GITHUB_TOKEN:?required}", "ENV password= secret=",
    ])
    func envNegativesProduceNothing(line: String) {
        #expect(findings("FROM alpine\n\(line)\n").isEmpty)
    }

    @Test func buildKitLintCasesBeatenOnNameAndValue() {
        // BuildKit's SecretsUsedInArgOrEnv test file, with its placeholder values: it warns on 8 names; none of these
        // values is a secret, so nothing here is a leak.
        let text = "FROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\n"
            + "ARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n"
        #expect(findings(text).isEmpty)
        // The same names with real-looking values are all found; the public ones and sunflower still are not.
        let real = "FROM scratch\nENV SUPER_Secret=\(secret)\nENV password=\(secret) secret=\(other)\n"
            + "ARG super_duper_secret_token=\(secret) auth=\(other)\nENV apikey=\(secret) sunflower=\(other)\n"
            + "ENV git_key=\(secret)\nENV PUBLIC_KEY=\(secret)\nARG public_token=\(other)\n"
        let found = findings(real)
        #expect(Set(found.map(\.location.line)) == [2, 3, 4, 5, 6])
        #expect(found.count == 7)
        #expect(!found.contains { $0.location.line == 5 && $0.secret == other })
    }

    @Test func argDefaultSecretAndItsBuildArgFlow() throws {
        let text = "ARG NPM_TOKEN=\(secret)\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci\n"
        let found = findings(text)
        #expect(found.map(\.rule.id) == ["docker-arg-secret-default"])
        #expect(found.first?.location.line == 1 && found.first?.secret == secret)
    }

    @Test func argWithoutValueUsedByRunIsMediumWithTheFix() throws {
        let text = "FROM node:20\nWORKDIR /app\nARG NPM_TOKEN\nCOPY . .\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n"
        let finding = try #require(findings(text, rule: "docker-arg-secret-build-arg").first)
        #expect(finding.rule.severity == .medium)
        #expect(finding.secret == "ARG:NPM_TOKEN" && finding.location.line == 3 && finding.location.column == 5)
        #expect(finding.message.contains("delete line 3"))
        #expect(finding.lineText == "ARG NPM_TOKEN" && !finding.lineText.contains(finding.secret))
        #expect(finding.message.contains("write line 5 as `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo"))
        #expect(finding.message.contains("docker build --secret id=npm_token,env=NPM_TOKEN ."))
        #expect(findings(text, rule: "docker-run-credential-file-left").isEmpty)
    }

    @Test func argReferenceValueCountsAsNoValue() throws {
        let text = "ARG CI_TOKEN\nFROM alpine\nARG GITHUB_TOKEN=${CI_TOKEN}\nRUN git clone https://x-access-token:${GITHUB_TOKEN}@github.com/o/r\n"
        let finding = try #require(findings(text, rule: "docker-arg-secret-build-arg").first)
        #expect(finding.location.line == 3 && finding.secret == "ARG:GITHUB_TOKEN")
    }

    @Test(arguments: [
        "FROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n",
        "FROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
        "FROM alpine\nARG GITHUB_TOKEN_FILE\nRUN cat \"$GITHUB_TOKEN_FILE\"\n",
        "ARG GITHUB_TOKEN\nFROM alpine\nRUN apk add git\n",
        "FROM alpine\nRUN apk add git\nARG GITHUB_TOKEN\n",
        "FROM alpine\nARG VERSION\nRUN echo $VERSION\n",
    ])
    func buildArgNegatives(text: String) {
        #expect(findings(text).isEmpty)
    }

    @Test func envFromSecretArgIsHigh() throws {
        let text = "FROM alpine\nARG API_KEY\nENV API_KEY=${API_KEY}\nRUN ./start.sh\n"
        let found = findings(text)
        #expect(found.map(\.rule.id) == ["docker-env-from-arg"])
        let finding = try #require(found.first)
        #expect(finding.rule.severity == .high && finding.location.line == 3 && finding.location.column == 13)
        #expect(finding.secret == "ENV:API_KEY<-ARG:API_KEY")
        #expect(finding.location.byteLength == "${API_KEY}".utf8.count)
        #expect(finding.message.contains("declared at line 2"))
    }

    @Test func envBuiltFromASecretArgInsideAURL() throws {
        let text = "FROM alpine\nARG DB_PASSWORD\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n"
        let finding = try #require(findings(text, rule: "docker-env-from-arg").first)
        #expect(finding.secret == "ENV:DATABASE_URL<-ARG:DB_PASSWORD")
    }

    @Test func labelSecret() throws {
        let finding = try #require(findings("FROM alpine\nLABEL com.example.deploy-token=\"\(secret)\"\n", rule: "docker-label-secret").first)
        #expect(finding.secret == secret && finding.location.line == 2)
    }

    @Test func stageInheritsEnvFromItsBaseStage() throws {
        let text = "FROM alpine AS base\nARG TOKEN\nENV TOKEN_COPY=$TOKEN\nFROM base\nENV AUTH_TOKEN=$TOKEN_COPY\n"
        let lines = findings(text, rule: "docker-env-from-arg").map(\.location.line)
        #expect(lines == [3, 5])
    }

    @Test func allowMarkerCommentIsCarried() throws {
        let finding = try #require(findings("FROM alpine\n# stowaway:allow test fixture\nENV DB_PASSWORD=\(secret)\n").first)
        #expect(finding.allowMarkerLines == ["# stowaway:allow test fixture"])
    }
}
