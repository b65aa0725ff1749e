import Testing
@testable import StowawayDocker

@Suite struct ComposeCheckTests {
    let secret = Synthetic.secret(31)

    @Test func environmentMapAndListForms() throws {
        let text = """
            services:
              db:
                image: postgres:16
                environment:
                  POSTGRES_USER: app
                  POSTGRES_PASSWORD: \(secret)
              api:
                image: app
                environment:
                  - API_TOKEN="\(secret)x"
                  - LOG_LEVEL=debug
            """
        let found = findings(text, path: "docker-compose.yml", rule: "compose-environment-secret")
        #expect(found.map(\.location.line) == [6, 10])
        #expect(found.map(\.secret) == [secret, secret + "x"])
        #expect(found.map(\.location.column) == [column(of: secret, line: 6, in: text), column(of: secret, line: 10, in: text)])
    }

    @Test func buildArgsAndDefaults() throws {
        let text = "services:\n  web:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: \(secret)\n"
            + "    environment:\n      STRIPE_SECRET: ${STRIPE_SECRET:-\(secret)}\n"
        let build = try #require(findings(text, path: "compose.yaml", rule: "compose-build-arg-secret").first)
        #expect(build.location.line == 6 && build.secret == secret)
        let fallback = try #require(findings(text, path: "compose.yaml", rule: "compose-environment-secret").first)
        #expect(fallback.location.line == 8 && fallback.location.column == column(of: secret, line: 8, in: text))
    }

    @Test func extensionAnchorsAreReportedOnceAtTheAnchor() throws {
        let text = """
            x-common-env: &common-env
              SESSION_SECRET: \(secret)
              TZ: UTC
            x-base: &base
              image: app
              environment: *common-env
            services:
              web:
                <<: *base
              worker:
                <<: *base
                environment:
                  <<: *common-env
                  QUEUE: jobs
            """
        let found = findings(text, path: "docker-compose.prod.yml")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2 && found.first?.rule.id == "compose-environment-secret")
    }

    @Test(arguments: [
        "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n",
        "services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD\n      - POSTGRES_PASSWORD=${DB_PW:?missing}\n",
        "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: postgres\n      MYSQL_ROOT_PASSWORD: example\n",
        "services:\n  web:\n    build:\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n",
        "services:\n  cache:\n    image: redis\n    command: [\"redis-server\", \"--requirepass\", \"$${REDIS_PASSWORD}\"]\n",
    ])
    func composeNegatives(text: String) {
        #expect(findings(text, path: "docker-compose.yml").isEmpty)
    }

    @Test func commandCredential() throws {
        let text = "services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass \(secret)\n"
            + "    healthcheck:\n      test: [\"CMD\", \"redis-cli\", \"-a\", \"\(secret)\", \"ping\"]\n"
        let found = findings(text, path: "docker-compose.yml", rule: "compose-command-credential")
        #expect(found.map(\.location.line) == [4, 6])
        #expect(found.first?.location.column == column(of: secret, line: 4, in: text))
    }

    @Test func secretFileKeptInTheRepository() throws {
        let text = "services:\n  db:\n    image: postgres\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n  api_key:\n    file: ./secrets/api_key.txt\n  tls:\n    environment: TLS_KEY\n"
        let committed = BuildContext(files: ["docker-compose.yml": "", "secrets/db_password.txt": "x", "secrets/api_key.txt": "y",
                                             ".gitignore": "secrets/api_key.txt\n"])
        let found = findings(text, path: "docker-compose.yml", context: committed, rule: "compose-secret-file-committed")
        #expect(found.map(\.secret) == ["file:secrets/db_password.txt"])
        #expect(found.first?.location.line == 7 && found.first?.rule.severity == .medium)
        #expect(findings(text, path: "docker-compose.yml", context: BuildContext(files: [:])).isEmpty)
    }
}
