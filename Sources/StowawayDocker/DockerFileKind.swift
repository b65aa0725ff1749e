import StowawayCore

/// The file formats the semantic checks understand, recognised by name first and by content where names vary.
public enum DockerFileKind: String, Sendable, CaseIterable {
    case dockerfile
    case compose
    case kubernetes
    case helmValues
    /// `.env`, `.env.production`, `prod.env`: Compose interpolation and `env_file:` sources.
    case envFile
    case dockerConfig
    case githubWorkflow
    case gitlabCI
    /// Shell scripts, Makefiles, Jenkinsfiles and other CI definitions that may run `docker build --build-arg`.
    case buildScript
    /// `docker buildx bake` definitions (`docker-bake.hcl`).
    case bakeFile

    /// Whether the checks need the file's folder (the Docker build context, Compose's secret files).
    public var needsBuildContext: Bool { self == .dockerfile || self == .compose }

    /// Recognises a file from its path (relative, `/`-separated) and the first bytes of its content. The content is
    /// only read for names that do not decide alone (YAML, JSON, scripts, files without an extension).
    public static func recognise(path: String, prefix content: @autoclosure () -> [UInt8]) -> DockerFileKind? {
        // Nearly every file of a source tree (`.go`, `.hpp`, `.swift`) is ruled out by its extension alone.
        guard nameMayBeRecognised(path) else { return nil }
        // Only the last three components matter; splitting the whole path cost a tenth of a tree scan (every file).
        let components = Self.lastComponents(of: path, count: 3)
        guard let name = components.last else { return nil }
        let lower = name.lowercased()
        // A byte test: `String.contains(_:)` goes through Foundation's locale-aware search, a measurable cost per file.
        let hasExtension = lower.utf8.contains(UInt8(ascii: "."))
        let parent = components.count >= 2 ? components[components.count - 2].lowercased() : nil
        let grandparent = components.count >= 3 ? components[components.count - 3].lowercased() : nil

        if lower == "dockerfile" || lower == "containerfile" || lower.hasSuffix(".dockerfile")
            || lower.hasSuffix(".containerfile") || lower.hasPrefix("dockerfile.") || lower.hasPrefix("dockerfile-")
            || lower.hasPrefix("dockerfile_") || lower.hasPrefix("containerfile.") {
            // Templates that generate Dockerfiles (`Dockerfile.template`, `Dockerfile.j2`) are not Dockerfiles yet.
            // Nor is source code about Dockerfiles (`Dockerfile.swift`, `dockerfile_parser.go`) or build output.
            let notDockerfiles = [".dockerignore", ".md", ".template", ".tmpl", ".tpl", ".j2", ".jinja", ".jinja2",
                                  ".erb", ".in", ".mustache", ".hbs", ".txt", ".sh", ".py", ".json", ".yml", ".yaml",
                                  ".swift", ".go", ".rs", ".java", ".kt", ".js", ".ts", ".rb", ".c", ".h", ".cc", ".cpp",
                                  ".cs", ".php", ".o", ".d", ".swiftdeps", ".bak", ".orig", ".lock", ".snap", ".golden"]
            return notDockerfiles.contains { lower.hasSuffix($0) } ? nil : .dockerfile
        }
        if lower == ".dockercfg" || (lower == "config.json" && parent == ".docker") { return .dockerConfig }
        if lower.hasSuffix(".hcl"), lower.contains("bake") { return .bakeFile }
        if lower == ".env" || lower.hasSuffix(".env") || lower.hasPrefix(".env.") {
            let templates = ["example", "sample", "template", "dist", "defaults", "schema", "tmpl", "tpl"]
            return templates.contains { lower.contains($0) } ? nil : .envFile
        }
        let isYAML = lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        let isScript = lower.hasSuffix(".sh") || lower.hasSuffix(".bash") || lower == "makefile" || lower.hasSuffix(".mk")
            || lower == "jenkinsfile" || lower.hasPrefix("jenkinsfile.") || lower == "justfile" || lower.hasSuffix(".ps1")
            || lower.hasSuffix(".groovy")
        guard isYAML || isScript || lower.hasSuffix(".json") || !hasExtension else { return nil }
        let prefix = content()
        if isYAML {
            if parent == "workflows", grandparent == ".github" { return .githubWorkflow }
            if lower == "kustomization.yaml" || lower == "kustomization.yml" { return .kubernetes }
            if lower == ".gitlab-ci.yml" || lower.hasSuffix(".gitlab-ci.yml") || parent == ".gitlab-ci" { return .gitlabCI }
            if lower.hasPrefix("docker-compose") || lower.hasPrefix("compose.") || lower.hasPrefix("compose-")
                || lower.contains(".compose.") || lower.hasPrefix("podman-compose") {
                return .compose
            }
            if lower.hasPrefix("values") || lower.hasSuffix("-values.yaml") || lower.hasSuffix("-values.yml")
                || lower.hasSuffix(".values.yaml") || lower.hasSuffix(".values.yml") {
                return .helmValues
            }
            if ["azure-pipelines.yml", "bitbucket-pipelines.yml", "cloudbuild.yaml", "cloudbuild.yml", ".travis.yml",
                "buildspec.yml", "buildspec.yaml", "taskfile.yml", "taskfile.yaml", ".drone.yml", "codemagic.yaml"]
                .contains(lower) || parent == ".circleci" || parent == ".buildkite" || parent == ".tekton" {
                return .buildScript
            }
            return recogniseYAMLContent(prefix)
        }
        if lower.hasSuffix(".json"), contains(prefix, "\"auths\"") { return .dockerConfig }
        if isScript {
            let runsWithEnvironment = (contains(prefix, "docker") || contains(prefix, "podman"))
                && (contains(prefix, " -e ") || contains(prefix, "--env"))
            return contains(prefix, "--build-arg") || runsWithEnvironment ? .buildScript : nil
        }
        if !hasExtension, looksLikeDockerfile(prefix) { return .dockerfile }
        return nil
    }

    /// Whether the file name (last path component) could be one `recognise` knows: no extension, an extension it
    /// looks at, or a name prefix that decides. Bytes only and no allocation: it runs for every file of a tree.
    static func nameMayBeRecognised(_ path: String) -> Bool {
        FileNameBytes.withName(of: path) { name in
            guard let extensionBytes = FileNameBytes.extensionOf(name) else { return true }
            return recognisedExtensions.contains { FileNameBytes.equalsIgnoringASCIICase(extensionBytes, $0) }
                || decisiveNamePrefixes.contains { FileNameBytes.hasPrefixIgnoringASCIICase(name, $0) }
        }
    }

    /// Extensions (lower case) of the files `recognise` may accept; names with any other extension are never read.
    static let recognisedExtensions = ["yml", "yaml", "json", "sh", "bash", "mk", "ps1", "groovy", "hcl", "env",
                                       "dockerfile", "containerfile", "dockercfg"].map { Array($0.utf8) }
    /// Name prefixes that decide alone, whatever the extension: `Dockerfile.prod`, `.env.local`, `Jenkinsfile.ci`.
    static let decisiveNamePrefixes = ["dockerfile", "containerfile", ".env.", "jenkinsfile."].map { Array($0.utf8) }

    /// Compose files have top-level `services:` with `image:`/`build:`; manifests have `apiVersion:` and `kind:`.
    /// Helm templates (`{{ … }}`) are not YAML until rendered and are left to the rule scan.
    /// The last `count` non-empty components of a slash-separated path, in order.
    static func lastComponents(of path: String, count: Int) -> [String] {
        var result: [String] = []
        var end = path.utf8.endIndex
        var index = end
        let utf8 = path.utf8
        while index > utf8.startIndex, result.count < count {
            let previous = utf8.index(before: index)
            if utf8[previous] == UInt8(ascii: "/") {
                if previous < end, utf8.index(after: previous) < end {
                    result.append(String(path[utf8.index(after: previous)..<end]))
                }
                end = previous
            }
            index = previous
        }
        if result.count < count, index < end { result.append(String(path[index..<end])) }
        return result.reversed()
    }

    static func recogniseYAMLContent(_ prefix: [UInt8]) -> DockerFileKind? {
        if contains(prefix, "{{") { return nil }
        if startsLine(prefix, "apiVersion:"), contains(prefix, "kind:") { return .kubernetes }
        if startsLine(prefix, "services:"), contains(prefix, "image:") || contains(prefix, "build:") { return .compose }
        return nil
    }

    /// A file without an extension whose first instruction (after comments and directives) is `FROM` or `ARG`,
    /// written in upper or lower case, followed by more instruction lines and a `FROM` with an image.
    static func looksLikeDockerfile(_ prefix: [UInt8]) -> Bool {
        // Most files without an extension (LICENSE, scripts, binaries) fail on their first word: decide that on bytes
        // before building strings.
        guard firstInstructionIsFromOrArg(prefix.prefix(4096)) else { return false }
        let text = String(decoding: prefix.prefix(4096), as: UTF8.self)
        var sawFrom = false
        var instructions = 0
        for rawLine in text.split(whereSeparator: \.isNewline).prefix(60) {  // "\r\n" is one Character
            let line = String(rawLine).trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let word = String(line.prefix { !$0.isWhitespace })
            guard word == word.uppercased() || word == word.lowercased() else {
                if instructions == 0 { return false }
                continue
            }
            let keyword = word.uppercased()
            if instructions == 0, keyword != "FROM", keyword != "ARG" { return false }
            if DockerfileParser.keywords.contains(keyword) { instructions += 1 }
            if keyword == "FROM", line.split(separator: " ").count >= 2 { sawFrom = true }
            if sawFrom, instructions >= 2 { return true }
        }
        return false
    }

    /// Whether the first line that is not blank or a comment starts with `FROM` or `ARG` (any case) and a blank.
    static func firstInstructionIsFromOrArg(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            while index < bytes.endIndex, bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 13 || bytes[index] == 10 {
                index += 1
            }
            guard index < bytes.endIndex else { return false }
            if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.endIndex, bytes[index] != 10 { index += 1 }
                continue
            }
            var word: [UInt8] = []
            while index < bytes.endIndex, word.count < 5, bytes[index] != 32, bytes[index] != 9, bytes[index] != 10,
                  bytes[index] != 13 {
                word.append(bytes[index] | 0x20)
                index += 1
            }
            return word == Array("from".utf8) || word == Array("arg".utf8)
        }
        return false
    }

    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        ByteSearch.contains(bytes, Array(needle.utf8))
    }

    static func startsLine(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        var start = 0
        while start + pattern.count <= bytes.count {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { return false }
            start = newline + 1
        }
        return false
    }
}
