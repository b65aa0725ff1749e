import Foundation
import Testing
@testable import StowawayDocker

@Suite struct BuildContextTests {
    let secret = Synthetic.secret(61)
    var envFile: String { "DATABASE_URL=postgres://app:\(secret)@db/app\nAPI_TOKEN=\(secret)\n" }

    @Test func copyDotCopiesACredentialFileNotExcluded() throws {
        let context = BuildContext(files: ["Dockerfile": "", ".env": envFile, "src/main.py": "print()"])
        let finding = try #require(findings("FROM python:3.12\nWORKDIR /app\nCOPY . .\n", context: context).first)
        #expect(finding.rule.id == "docker-copy-context-credential" && finding.secret == "context:.env")
        #expect(finding.location.line == 3 && finding.location.column == 6)
        #expect(finding.message.contains("dotenv file `.env`"))
    }

    @Test(arguments: [".env\n", "*\n!src\n", ".env*\n", "**/.env\n"])
    func dockerignoreExcludes(ignore: String) {
        let context = BuildContext(files: [".dockerignore": ignore, ".env": envFile, "src/main.py": ""])
        #expect(findings("FROM python\nCOPY . /app\n", context: context).isEmpty)
    }

    @Test func rootRelativeDockerignorePatternsDoNotReachSubfolders() throws {
        let context = BuildContext(files: [".dockerignore": "*.pem\n", "certs/server-key.pem": "-----BEGIN PRIVATE KEY-----\n"])
        #expect(findings("FROM nginx\nCOPY . /srv\n", context: context).map(\.secret) == ["context:certs/server-key.pem"])
    }

    @Test func dockerfileSpecificIgnoreFileWins() {
        let context = BuildContext(files: [".dockerignore": "src\n", "Dockerfile.prod.dockerignore": ".env\n", ".env": envFile])
        #expect(findings("FROM python\nCOPY . /app\n", path: "Dockerfile.prod", context: context).isEmpty)
        #expect(findings("FROM python\nCOPY . /app\n", path: "Dockerfile", context: context).count == 1)
    }

    @Test func explicitCopyUsesTheFileContentWhenKnown() {
        let referenceOnly = BuildContext(files: [".npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"])
        #expect(findings("FROM node\nCOPY .npmrc ./\n", context: referenceOnly).isEmpty)
        let literal = BuildContext(files: [".npmrc": "//registry.npmjs.org/:_authToken=\(secret)\n"])
        #expect(findings("FROM node\nCOPY .npmrc ./\n", context: literal).map(\.rule.id) == ["docker-copy-credential-file"])
        #expect(findings("FROM node\nCOPY .npmrc ./\n").map(\.rule.id) == ["docker-copy-credential-file"])
    }

    @Test func copyOfAGlobOrFolderAndVariableSources() throws {
        let context = BuildContext(files: ["config/prod/.env.production": envFile, "config/app.yml": ""])
        #expect(findings("FROM alpine\nCOPY config/ /etc/app/\n", context: context).map(\.secret) == ["context:config/prod/.env.production"])
        #expect(findings("FROM alpine\nCOPY docs/ /srv/\n", context: context).isEmpty)
        let variable = "FROM alpine\nARG KEY_FILE=deploy/id_ed25519\nCOPY ${KEY_FILE} /root/.ssh/id_ed25519\n"
        #expect(findings(variable).first?.secret == "COPY:deploy/id_ed25519")
    }

    @Test func builderStagesThatDoNotShipAreNotReportedForContextCopies() {
        let context = BuildContext(files: [".env": envFile])
        let multiStage = "FROM node:20 AS build\nCOPY . .\nRUN npm run build\nFROM nginx\nCOPY --from=build /dist /usr/share/nginx/html\n"
        #expect(findings(multiStage, context: context).isEmpty)
        let shipped = "FROM node:20 AS base\nCOPY . .\nFROM base\nCMD [\"node\", \"app.js\"]\n"
        #expect(findings(shipped, context: context).count == 1)
    }

    @Test func loadReadsAFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-context-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("keys"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("node_modules/x"), withIntermediateDirectories: true)
        try "-----BEGIN OPENSSH PRIVATE KEY-----\n".write(to: root.appendingPathComponent("keys/id_rsa"), atomically: true, encoding: .utf8)
        try "ssh-rsa AAAA".write(to: root.appendingPathComponent("keys/id_rsa.pub"), atomically: true, encoding: .utf8)
        try "-----BEGIN OPENSSH PRIVATE KEY-----\n".write(to: root.appendingPathComponent("node_modules/x/id_rsa"), atomically: true, encoding: .utf8)
        try "keys/id_rsa.pub\n".write(to: root.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
        let context = BuildContext.load(directory: root.path)
        #expect(context.files.contains("keys/id_rsa") && context.files.contains(".dockerignore"))
        #expect(!context.files.contains("node_modules/x/id_rsa"))
        #expect(context.credentialFiles == ["keys/id_rsa": "SSH private key"])
        #expect(context.ignoreFiles[".dockerignore"] == "keys/id_rsa.pub\n")
    }

    @Test func explicitCredentialFileNames() {
        #expect(CredentialFiles.kind(ofPath: "id_rsa") == "SSH private key")
        #expect(CredentialFiles.kind(ofPath: "./secrets/.env.production") == "dotenv file")
        #expect(CredentialFiles.kind(ofPath: ".env.example") == nil)
        #expect(CredentialFiles.kind(ofPath: "home/.aws/credentials") == "AWS credentials")
        #expect(CredentialFiles.kind(ofPath: ".docker/config.json") == "Docker registry credentials")
        #expect(CredentialFiles.kind(ofPath: "config.json") == nil)
        #expect(CredentialFiles.kind(ofPath: ".kube/config") == "kubeconfig")
        #expect(CredentialFiles.kind(ofPath: "certs/client.p12") == "PKCS#12 key store")
        #expect(CredentialFiles.kind(ofPath: "tls/server-key.pem") == "PEM private key")
        #expect(CredentialFiles.kind(ofPath: "tls/ca.pem") == nil)
        #expect(CredentialFiles.kind(ofPath: "gcp/credentials.json") == "credentials JSON")
    }
}
