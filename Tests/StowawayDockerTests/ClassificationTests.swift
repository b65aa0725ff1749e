import Testing
@testable import StowawayDocker

@Suite struct SecretNameTests {
    /// BuildKit's own `SecretsUsedInArgOrEnv` lint test flags these names…
    @Test(arguments: ["SECRET_PASSPHRASE", "SUPER_Secret", "password", "secret", "super_duper_secret_token", "auth",
                      "apikey", "git_key"])
    func buildKitFlaggedNamesAreSecret(name: String) {
        #expect(SecretName.isSecret(name))
    }

    /// …and leaves these alone.
    @Test(arguments: ["sunflower", "PUBLIC_KEY", "public_token"])
    func buildKitAllowedNamesAreNotSecret(name: String) {
        #expect(!SecretName.isSecret(name))
    }

    /// Names BuildKit's token list misses (camelCase, compounds, vendors).
    @Test(arguments: ["DB_PASSWORD", "dbPassword", "APIKey", "GITHUB_TOKEN", "NPM_TOKEN", "AWS_SECRET_ACCESS_KEY",
                      "PGPASSWORD", "SECRET_KEY_BASE", "JWT_SECRET", "PRIVATE_KEY", "CLIENT_SECRET", "SSH_KEY",
                      "ENCRYPTION_KEY", "MYSQL_ROOT_PASSWORD", "REDIS_PASS", "BASIC_AUTH", "GITHUB_PAT", "DOCKER_CREDS",
                      "requirepass", "spring.datasource.password", "keyStorePassword", "X-API-Key", "NPMTOKEN",
                      "api-token", "db.password.prod", "AUTHORIZATION", "SENDGRID_API_KEY"])
    func secretNamesAreSecret(name: String) {
        #expect(SecretName.isSecret(name))
    }

    /// Names that only look secret.
    @Test(arguments: ["PUBLIC_KEY_URL", "TOKEN_TTL", "PASSWORD_MIN_LENGTH", "KEY_VERSION", "DB_PASSWORD_FILE",
                      "GITHUB_TOKEN_PATH", "AUTH_URL", "SECRET_NAME", "AWS_ACCESS_KEY_ID", "GPG_KEY", "GPG_KEYS",
                      "CACHE_KEY", "S3_KEY", "TOKEN_ENDPOINT", "OLDPWD", "PWD", "BYPASS_CACHE", "AUTH_TYPE",
                      "MAX_TOKENS", "PASSWORD_RESET_URL", "NODE_VERSION", "author", "monkey", "TOKEN_EXPIRES_IN",
                      "SECRETS_DIR", "password-stdin", "PUBLISHABLE_KEY", "KEY_ID", "AUTH_USER", "CREDENTIALS_HELPER",
                      "PASSWORD_POLICY", "passwordFile", "OAUTH_CLIENT_ID", "PASS_THROUGH"])
    func lookAlikeNamesAreNotSecret(name: String) {
        #expect(!SecretName.isSecret(name))
    }

    @Test func wordsSplitCamelCaseAndSeparators() {
        #expect(SecretName.words(of: "dbPassword") == ["db", "password"])
        #expect(SecretName.words(of: "APIKey") == ["api", "key"])
        #expect(SecretName.words(of: "spring.datasource.password") == ["spring", "datasource", "password"])
        #expect(SecretName.words(of: "auth0Domain") == ["auth0", "domain"])
    }

    /// ASCII names are split on bytes; a name with one non-ASCII word takes the Character path. Both must agree.
    @Test(arguments: ["dbPassword", "APIKey", "PGPASSWORD", "x2Token", "AWS_SECRET_ACCESS_KEY", "my-api.key", "ABCdef",
                      "a1B2c3", "__init__", "Key", "k", "", "HTTPServerURL", "v2APIToken", "token--value", "9lives"])
    func asciiSplitAgreesWithCharacterSplit(name: String) {
        #expect(["é"] + SecretName.words(of: name) == SecretName.words(of: "é_" + name), "\(name)")
    }
}

@Suite struct SecretValueTests {
    @Test(arguments: ["", "\"\"", "${X}", "$X", "prefix-${X}", "$(cat /run/secrets/x)", "{{ .Values.token }}",
                      "changeme", "<your-token>", "true", "off", "3600", "30s", "512Mi", "1.2.3", "v2",
                      "/run/secrets/db_password", "./key.pem", "~/.npmrc", "secrets/db_password.txt", "key.pem",
                      "https://example.com/keys.pub", "api.example.com", "ops@example.com",
                      "arn:aws:secretsmanager:eu-west-1:1:secret:db", "op://vault/item/field", "OTHER_VARIABLE",
                      "postgres", "admin", "Token service for the secret store", "read-only", "github", "Bearer",
                      "id=npmrc,src=.npmrc", "xxxxxxxxxx", "12345678"])
    func nonSecretValuesAreRejected(value: String) {
        #expect(!SecretValue.isLiteralSecret(value, name: "DB_PASSWORD"))
    }

    @Test(arguments: ["hunter2-prod-9f3c", "s3cr3t-Pa55", "P@ssw0rd!2024x", "Zx8kQ2pL0vN5wR7t",
                      "wJalrXUtnFEMI/K7MDENG/bPxRfiCY1a2b3c4d"])
    func credentialValuesAreAccepted(value: String) {
        #expect(SecretValue.isLiteralSecret(value, name: "DB_PASSWORD"))
    }

    @Test func generatedSecretsAreAccepted() {
        for seed in 1...200 { #expect(SecretValue.isLiteralSecret(Synthetic.secret(UInt64(seed)), name: "API_TOKEN")) }
    }

    @Test func valueEqualToItsNameIsNotASecret() {
        #expect(!SecretValue.isLiteralSecret("db_password", name: "DB_PASSWORD"))
        #expect(!SecretValue.isLiteralSecret("rabbitmq", name: "RABBITMQ_DEFAULT_PASS"))
    }

    @Test func structureAcceptsPlainWordsThatANameAloneWouldNot() {
        #expect(!SecretValue.isLiteralSecret("sunshine", name: "PASSWORD"))
        #expect(SecretValue.isLiteralSecret("sunshine", evidence: .structure))
        #expect(!SecretValue.isLiteralSecret("root", evidence: .structure))
    }
}

@Suite struct EmbeddedCredentialTests {
    static func secrets(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return EmbeddedCredentials.find(in: bytes).map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    @Test func urlPasswordsAndTokens() {
        let token = Synthetic.secret(7, length: 36)
        #expect(Self.secrets("postgres://app:Zx8kQ2pL0vN5@db:5432/app") == ["Zx8kQ2pL0vN5"])
        #expect(Self.secrets("https://\(token)@github.com/org/repo.git") == [token])
        #expect(Self.secrets("redis://:Zx8kQ2pL0vN5@cache:6379/0") == ["Zx8kQ2pL0vN5"])
        #expect(Self.secrets("postgres://app:${DB_PASSWORD}@db/app").isEmpty)
        #expect(Self.secrets("postgres://postgres:postgres@db/app").isEmpty)
        #expect(Self.secrets("https://git@github.com/org/repo.git").isEmpty)
    }

    @Test func javaPropertiesConnectionStringsJSONAndOptions() {
        #expect(Self.secrets("-Xmx1g -Dspring.datasource.password=S3cr3tPa55w0rd -Dfile.encoding=UTF-8") == ["S3cr3tPa55w0rd"])
        #expect(Self.secrets("-Djavax.net.ssl.keyStorePassword=Zx8kQ2pL0vN5 -Dx=1") == ["Zx8kQ2pL0vN5"])
        #expect(Self.secrets("Server=db;Database=app;User Id=sa;Password=Zx8kQ2pL0vN5;") == ["Zx8kQ2pL0vN5"])
        #expect(Self.secrets("{\"spring.datasource.password\": \"Zx8kQ2pL0vN5\"}") == ["Zx8kQ2pL0vN5"])
        #expect(Self.secrets("--user root --password Zx8kQ2pL0vN5 --host db") == ["Zx8kQ2pL0vN5"])
        #expect(Self.secrets("-Dspring.datasource.password=${DB_PASSWORD} --token-ttl 3600").isEmpty)
    }
}
