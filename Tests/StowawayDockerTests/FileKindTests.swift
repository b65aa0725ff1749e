import Testing
@testable import StowawayDocker

@Suite struct FileKindTests {
    @Test(arguments: [
        ("Dockerfile", DockerFileKind.dockerfile), ("build/api.Dockerfile", .dockerfile), ("Dockerfile.prod", .dockerfile),
        ("Containerfile", .dockerfile), ("web.containerfile", .dockerfile), ("Dockerfile-dev", .dockerfile),
        ("docker-compose.yml", .compose), ("compose.yaml", .compose), ("app.compose.yml", .compose),
        (".docker/config.json", .dockerConfig), (".dockercfg", .dockerConfig), ("chart/values.yaml", .helmValues),
        (".github/workflows/ci.yml", .githubWorkflow), (".gitlab-ci.yml", .gitlabCI),
    ])
    func recognisedByName(path: String, kind: DockerFileKind) {
        #expect(DockerFileKind.recognise(path: path, prefix: []) == kind)
    }

    @Test(arguments: ["Dockerfile.dockerignore", "README.md", "docs/Dockerfile.md", "src/app.py", "config.json",
                      "Sources/Dockerfile/Dockerfile.swift", "parser/dockerfile_parser.go", "build/Dockerfile.d"])
    func otherNamesAreNotRecognised(path: String) {
        #expect(DockerFileKind.recognise(path: path, prefix: Array("FROM alpine\n".utf8)) == nil)
    }

    @Test func recognisedByContent() {
        #expect(DockerFileKind.recognise(path: "docker/api", prefix: Array("# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:$V\nRUN x\n".utf8)) == .dockerfile)
        #expect(DockerFileKind.recognise(path: "notes", prefix: Array("From here we go\n".utf8)) == nil)
        #expect(DockerFileKind.recognise(path: "images/base", prefix: Array("\n  \r\n# comment\n\tfrom debian:12\nrun apt-get update\n".utf8)) == .dockerfile)
        #expect(DockerFileKind.recognise(path: "images/args", prefix: Array("ARG\tBASE=alpine\nFROM $BASE\nCOPY . /app\n".utf8)) == .dockerfile)
        #expect(DockerFileKind.recognise(path: "LICENSE", prefix: Array("FROMAGE is not an instruction\nFROM x\n".utf8)) == nil)
        #expect(DockerFileKind.recognise(path: "bin/tool", prefix: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0]) == nil)
        #expect(DockerFileKind.recognise(path: "empty", prefix: []) == nil)
        // Written on Windows: "\r\n" is a single Character in Swift, so lines must not be split on "\n" alone.
        #expect(DockerFileKind.recognise(path: "win/api", prefix: Array("# build\r\nFROM mcr.microsoft.com/dotnet/sdk:8.0\r\nRUN dotnet restore\r\n".utf8)) == .dockerfile)
        #expect(DockerFileKind.recognise(path: "deploy/api.yaml", prefix: Array("# api\napiVersion: apps/v1\nkind: Deployment\n".utf8)) == .kubernetes)
        #expect(DockerFileKind.recognise(path: "stack.yml", prefix: Array("services:\n  web:\n    image: nginx\n".utf8)) == .compose)
        #expect(DockerFileKind.recognise(path: "auth.json", prefix: Array("{\"auths\": {}}".utf8)) == .dockerConfig)
        #expect(DockerFileKind.recognise(path: "scripts/release.sh", prefix: Array("docker build --build-arg A=b .".utf8)) == .buildScript)
        #expect(DockerFileKind.recognise(path: "scripts/test.sh", prefix: Array("go test ./...".utf8)) == nil)
    }

    @Test func unparsableDockerfileIsAnIssueNotAFinding() {
        let analysis = DockerAnalyzer.analyze(path: "Dockerfile", text: "FROM alpine\nRUN <<EOF\necho never closed\n")
        #expect(analysis.kind == .dockerfile && analysis.findings.isEmpty)
        #expect(analysis.issues.first?.message.contains("unterminated heredoc") == true)
    }
}
