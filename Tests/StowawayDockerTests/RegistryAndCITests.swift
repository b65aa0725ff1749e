import Testing
@testable import StowawayDocker

@Suite struct RegistryAndCITests {
    let secret = Synthetic.secret(51)

    @Test func dockerConfigAuthsAreDecoded() throws {
        let auth = Synthetic.base64("ci-bot:" + secret)
        let text = "{\n  \"auths\": {\n    \"https://index.docker.io/v1/\": {},\n    \"registry.example.com\": {\n      \"auth\": \"\(auth)\"\n    }\n  },\n  \"credsStore\": \"desktop\"\n}\n"
        let finding = try #require(findings(text, path: "home/.docker/config.json").first)
        #expect(finding.rule.id == "docker-registry-credentials" && finding.rule.severity == .critical)
        #expect(finding.secret == secret && finding.decodedFrom == "base64")
        #expect(finding.message.contains("registry.example.com as ci-bot"))
        #expect(finding.location.line == 5 && finding.location.column == 16)
        #expect(!finding.lineText.contains(auth))
    }

    @Test func legacyDockercfgAndPasswordFields() throws {
        let legacy = "{\"quay.io\": {\"auth\": \"\(Synthetic.base64("robot:" + secret))\", \"email\": \"\"}}"
        #expect(findings(legacy, path: ".dockercfg").first?.message.contains("quay.io as robot") == true)
        let fields = "{\"auths\": {\"ghcr.io\": {\"username\": \"ci\", \"password\": \"\(secret)\"}}}"
        #expect(findings(fields, path: "ci/auth.json").first?.secret == secret)
        #expect(findings("{\"auths\": {\"ghcr.io\": {}}, \"credsStore\": \"osxkeychain\"}", path: ".docker/config.json").isEmpty)
    }

    @Test func buildArgLiteralsInScripts() throws {
        let text = "#!/bin/sh\nset -e\ndocker buildx build \\\n  --build-arg VERSION=1.2.3 \\\n  --build-arg NPM_TOKEN=\(secret) \\\n  -t app .\npodman build --build-arg=API_KEY=\"\(secret)\" .\n"
        let found = findings(text, path: "scripts/release.sh", rule: "ci-build-arg-secret")
        #expect(found.map(\.location.line) == [5, 7])
        #expect(found.first?.location.column == 25 && found.allSatisfy { $0.secret == secret })
        #expect(findings("docker build --build-arg NPM_TOKEN=$NPM_TOKEN --build-arg GH=${{ secrets.GH }} .\n", path: "build.sh").isEmpty)
    }

    @Test func githubActionsBuildArgsAndLogin() throws {
        let text = """
            on: push
            env:
              REGISTRY_PASSWORD: \(secret)
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: docker/login-action@v3
                    with:
                      registry: ghcr.io
                      username: ci
                      password: \(secret)z
                  - uses: docker/build-push-action@v6
                    with:
                      build-args: |
                        VERSION=1.2.3
                        NPM_TOKEN=\(secret)y
                      secrets: |
                        npm_token=${{ secrets.NPM_TOKEN }}
            """
        let found = findings(text, path: ".github/workflows/release.yml")
        #expect(found.map(\.rule.id).sorted() == ["ci-build-arg-secret", "ci-docker-login-password", "ci-variable-secret"])
        #expect(found.first { $0.rule.id == "ci-build-arg-secret" }?.location.line == 17)
        #expect(found.first { $0.rule.id == "ci-docker-login-password" }?.message.contains("ghcr.io") == true)
        let safe = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          build-args: |\n            NPM_TOKEN=${{ secrets.NPM_TOKEN }}\n"
        #expect(findings(safe, path: ".github/workflows/b.yml").isEmpty)
    }

    @Test func gitlabVariablesPassedToBuilds() throws {
        let text = "variables:\n  DOCKER_DRIVER: overlay2\n  NPM_TOKEN: \(secret)\nbuild:\n  variables:\n    DEPLOY_PASSWORD:\n      value: \(secret)q\n      description: deploy\n  script:\n    - docker build --build-arg NPM_TOKEN=$NPM_TOKEN .\n    - \"docker build --build-arg API_KEY=\(secret)w .\"\n"
        let found = findings(text, path: ".gitlab-ci.yml")
        #expect(found.map(\.location.line).sorted() == [3, 7, 11])
        #expect(found.first { $0.location.line == 3 }?.message.contains("passed to docker build") == true)
        #expect(found.first { $0.location.line == 11 }?.rule.id == "ci-build-arg-secret")
        #expect(findings("variables:\n  NPM_TOKEN: $CI_JOB_TOKEN\n  IMAGE_TAG: latest\n", path: ".gitlab-ci.yml").isEmpty)
    }
}
