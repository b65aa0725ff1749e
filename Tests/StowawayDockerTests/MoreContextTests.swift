import Testing
@testable import StowawayDocker

/// Leaks found in real repositories that sit between the formats: container commands, env files, Jenkinsfiles,
/// kustomize generators, Bundler host credentials, connection strings.
@Suite struct MoreContextTests {
    let secret = Synthetic.secret(71)

    @Test func containerCommandsInTheImageConfig() throws {
        let text = "FROM redis:7\nCMD [\"redis-server\", \"--requirepass\", \"\(secret)\"]\nHEALTHCHECK CMD redis-cli -a \(secret)x ping\n"
        let found = findings(text, rule: "docker-run-inline-credential")
        #expect(found.map(\.location.line) == [2, 3])
        #expect(found.first?.message.contains("CMD at line 2") == true)
        #expect(findings("FROM redis:7\nCMD redis-server --requirepass \"$REDIS_PASSWORD\"\nHEALTHCHECK NONE\n").isEmpty)
    }

    @Test func connectionStringsAndBundlerCredentials() throws {
        let text = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV ConnectionStrings__Default=\"Server=db;Database=app;User Id=sa;Password=\(secret);\"\nENV BUNDLE_GEMS__CONTRIBSYS__COM=ci:\(secret)x\n"
        let found = findings(text, rule: "docker-env-secret")
        #expect(found.map(\.secret) == [secret, "ci:\(secret)x"])
    }

    @Test func envFiles() throws {
        let text = "# local settings\nCOMPOSE_PROJECT_NAME=shop\nexport POSTGRES_PASSWORD=\"\(secret)\"\nAPI_TOKEN=\(secret)x # from the dashboard\nTOKEN_TTL=3600\nDATABASE_URL=postgres://app:\(secret)y@db/app\nSESSION_SECRET=${SESSION_SECRET:-\(secret)z}\n"
        let found = findings(text, path: "deploy/.env.production", rule: "env-file-secret")
        #expect(found.map(\.location.line) == [3, 4, 6, 7])
        #expect(found.map(\.secret) == [secret, secret + "x", secret + "y", secret + "z"])
        #expect(found[0].location.column == column(of: secret, line: 3, in: text))
        #expect(DockerAnalyzer.analyze(path: ".env.example", text: text).kind == nil)
    }

    @Test func jenkinsfileAndDockerRunEnvironment() throws {
        let jenkins = "pipeline {\n  stages {\n    stage('build') {\n      steps {\n        sh \"docker build --build-arg DB_PASSWORD=\(secret) -t app .\"\n      }\n    }\n  }\n}\n"
        let build = try #require(findings(jenkins, path: "Jenkinsfile").first)
        #expect(build.rule.id == "ci-build-arg-secret" && build.location.line == 5 && build.secret == secret)
        let script = "#!/bin/sh\ndocker run -d --name db \\\n  -e POSTGRES_USER=app \\\n  -e POSTGRES_PASSWORD=\(secret) \\\n  postgres:16\n"
        let run = try #require(findings(script, path: "scripts/dev-db.sh").first)
        #expect(run.rule.id == "docker-cli-env-secret" && run.location.line == 4)
    }

    @Test func kubernetesContainerArgsAndKustomizeLiterals() throws {
        let pod = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: app\n          command: [\"/bin/sh\", \"-c\"]\n          args: [\"exec ./api --db-password=\(secret) --port 8080\"]\n"
        let finding = try #require(findings(pod, path: "api.yaml").first)
        #expect(finding.rule.id == "k8s-command-credential" && finding.location.line == 12 && finding.secret == secret)
        let kustomization = "resources: [deploy.yaml]\nsecretGenerator:\n  - name: db\n    literals:\n      - username=app\n      - password=\(secret)\n"
        let literal = try #require(findings(kustomization, path: "overlays/prod/kustomization.yaml").first)
        #expect(literal.rule.id == "k8s-secret-string-data" && literal.location.line == 6)
    }

    @Test func bakeFileArgsAndOpensslPasswd() throws {
        let bake = "group \"default\" { targets = [\"app\"] }\ntarget \"app\" {\n  context = \".\"\n  args = {\n    VERSION = \"1.2.3\"\n    NPM_TOKEN = \"\(secret)\"\n  }\n  tags = [\"app:latest\"]\n}\n"
        let finding = try #require(findings(bake, path: "docker-bake.hcl").first)
        #expect(finding.rule.id == "ci-build-arg-secret" && finding.location.line == 6 && finding.secret == secret)
        #expect(findings("FROM alpine\nRUN useradd -p \"$(openssl passwd -6 \(secret))\" app\n").first?.secret == secret)
    }

    @Test func clusteredCurlFlagsAndKeyFiles() throws {
        let finding = try #require(findings("FROM alpine\nRUN curl -fsSLu ci:\(secret) -O https://x.example.com/a\n").first)
        #expect(finding.secret == secret)
        #expect(findings("FROM google/cloud-sdk\nCOPY gcp-key.json /secrets/\n").first?.rule.id == "docker-copy-credential-file")
    }
}
