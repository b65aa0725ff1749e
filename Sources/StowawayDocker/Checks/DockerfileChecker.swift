import StowawayCore

/// Runs the Dockerfile checks over a parsed file, stage by stage, tracking which `ARG`/`ENV` values are in scope
/// (multi-stage builds, global `ARG`s before `FROM`, `FROM <stage>` inheriting that stage's `ENV`).
struct DockerfileChecker {
    let source: SourceText
    let dockerfile: Dockerfile
    let dockerfileName: String
    let context: BuildContext?
    var sink: FindingSink
    var issues: [ScanIssue] = []
    let path: String

    /// `ARG`s declared before the first `FROM`, with their defaults.
    var globalArgs: [String: VariableBinding] = [:]
    /// Global `ARG`s whose literal default was already reported as a secret.
    var globalSecretArgs: Set<String> = []
    /// Each stage's `ENV` scope at its end, for `FROM <stage>`.
    var stageEnvironments: [[String: VariableBinding]] = []
    var stageNames: [String: Int] = [:]

    init(source: SourceText, dockerfile: Dockerfile, path: String, context: BuildContext?) {
        self.source = source
        self.dockerfile = dockerfile
        self.path = path
        dockerfileName = path.split(separator: "/").last.map(String.init) ?? path
        self.context = context
        sink = FindingSink(source: source)
    }

    mutating func run() -> (findings: [SemanticFinding], issues: [ScanIssue]) {
        var scope: [String: VariableBinding] = [:]
        var unused = StageState()
        for instruction in dockerfile.globals where instruction.keyword == "ARG" {
            checkArg(instruction, scope: &scope, stage: &unused, isGlobal: true)
        }
        globalArgs = scope
        let stages = dockerfile.stages
        let shipped = shippedStages(stages)
        for (index, stage) in stages.enumerated() {
            checkStage(stage, index: index, isShipped: shipped.contains(index))
        }
        return (sink.findings, issues)
    }

    // MARK: - Stages

    /// What one stage has seen: its secret-like `ARG`s without a literal secret, and its `RUN`s.
    struct StageState {
        var args: [ArgDeclaration] = []
        var runs: [RunFacts] = []
        var argsReportedThroughEnv: Set<String> = []
    }

    struct ArgDeclaration {
        var name: String
        var range: Range<Int>
        var line: Int
        var comments: [String]
    }

    struct RunFacts {
        var line: Int
        /// Variable names the command mentions (`$NAME`, `${NAME…}`).
        var references: Set<String>
        /// `env=` names of `--mount=type=secret` flags.
        var secretEnvironment: Set<String>
        var hasSecretMount: Bool
        var instruction: Instruction
    }

    /// The stages whose files end up in the final image: the last stage and the stages it is built `FROM`.
    func shippedStages(_ stages: [[Instruction]]) -> Set<Int> {
        var names: [String: Int] = [:]
        var bases: [Int: Int] = [:]
        for (index, stage) in stages.enumerated() {
            let words = ShellWords.split(stage[0].arguments, escape: dockerfile.escape).map { $0.text.string }
            if let base = words.first, let parent = names[base.lowercased()] { bases[index] = parent }
            if words.count >= 3, words[1].lowercased() == "as" { names[words[2].lowercased()] = index }
        }
        var shipped: Set<Int> = []
        var current: Int? = stages.isEmpty ? nil : stages.count - 1
        while let stage = current, shipped.insert(stage).inserted { current = bases[stage] }
        return shipped
    }

    mutating func checkStage(_ stage: [Instruction], index: Int, isShipped: Bool) {
        var scope: [String: VariableBinding] = [:]
        let fromWords = ShellWords.split(stage[0].arguments, escape: dockerfile.escape).map { $0.text.string }
        if let base = fromWords.first, let parent = stageNames[base.lowercased()], parent < stageEnvironments.count {
            scope = stageEnvironments[parent]
        }
        if fromWords.count >= 3, fromWords[1].lowercased() == "as" { stageNames[fromWords[2].lowercased()] = index }
        var state = StageState()
        for instruction in stage.dropFirst() {
            switch instruction.keyword {
            case "ARG": checkArg(instruction, scope: &scope, stage: &state, isGlobal: false)
            case "ENV": checkEnv(instruction, scope: &scope, stage: &state)
            case "LABEL": checkLabel(instruction, scope: scope)
            case "RUN": state.runs.append(checkRun(instruction))
            case "COPY", "ADD": checkCopy(instruction, scope: scope, isShipped: isShipped)
            case "CMD", "ENTRYPOINT", "HEALTHCHECK": checkContainerCommand(instruction)
            default: break
            }
        }
        stageEnvironments.append(scope.filter { $0.value.kind == .env })
        checkBuildArgFlow(state)
    }

    func evaluator(_ scope: [String: VariableBinding]) -> WordEvaluator {
        WordEvaluator(escape: dockerfile.escape, lookup: { scope[$0] })
    }

    mutating func entries(_ instruction: Instruction) -> [KeyValueEntry] {
        do {
            return try KeyValueArguments.parse(instruction.arguments, keyword: instruction.keyword,
                                               escape: dockerfile.escape, line: instruction.line)
        } catch {
            issues.append(ScanIssue(.warning, input: path, message: "Dockerfile \(error.description); the instruction was not analysed"))
            return []
        }
    }

    // MARK: - ARG, ENV, LABEL

    mutating func checkArg(_ instruction: Instruction, scope: inout [String: VariableBinding], stage: inout StageState,
                           isGlobal: Bool) {
        for entry in entries(instruction) {
            let name = entry.key.string
            guard let nameRange = entry.key.sourceRange else { continue }
            var binding = VariableBinding(name: name, kind: .arg, value: nil, declaration: nameRange, fromArgs: [name])
            var reportedLiteral = false
            var isSetting = false
            if let raw = entry.value {
                let word = evaluator(scope).evaluate(raw)
                if !hasUnknownReference(word) { binding.value = word.text }
                binding.fromArgs.formUnion(word.allReferences.flatMap { $0.binding?.fromArgs ?? [] })
                reportedLiteral = reportLiteral(word, name: name, rule: DockerRules.argSecretDefault,
                                                what: "ARG \(name)", instruction: instruction)
                // `ARG INSTALL_X=false`, `ARG TOKEN_VERSION=2`: a literal default that is neither empty nor a
                // placeholder says the argument is a setting, not a secret passed in.
                let text = word.string.trimmingCharacters(in: " \t\"'")
                isSetting = word.isLiteral && !text.isEmpty && !Placeholders.isPlaceholder(text)
            } else if !isGlobal, let global = globalArgs[name] {
                binding.value = global.value
                reportedLiteral = globalSecretArgs.contains(name)
            }
            if isGlobal, reportedLiteral { globalSecretArgs.insert(name) }
            scope[name] = binding
            if !isGlobal, !reportedLiteral, !isSetting, SecretName.isSecret(name) {
                stage.args.append(ArgDeclaration(name: name, range: nameRange, line: instruction.line,
                                                 comments: instruction.comments))
            }
        }
    }

    mutating func checkEnv(_ instruction: Instruction, scope: inout [String: VariableBinding], stage: inout StageState) {
        for entry in entries(instruction) {
            guard let raw = entry.value, let nameRange = entry.key.sourceRange else { continue }
            let name = evaluator(scope).evaluate(entry.key).string
            let word = evaluator(scope).evaluate(raw)
            _ = reportLiteral(word, name: name, rule: DockerRules.envSecret, what: "ENV \(name)", instruction: instruction)
            let nameIsSecret = SecretName.isSecret(name)
            for reference in word.allReferences {
                guard let binding = reference.binding, !binding.fromArgs.isEmpty else { continue }
                let secretArg = binding.fromArgs.sorted().first(where: SecretName.isSecret)
                guard nameIsSecret || secretArg != nil else { continue }
                let argName = secretArg ?? binding.fromArgs.sorted()[0]
                let argLine = source.location(binding.declaration).line
                sink.add(DockerRules.envFromArg, secret: "ENV:\(name)<-ARG:\(argName)", range: reference.sourceRange,
                         message: "ENV \(name) (line \(instruction.line)) takes its value from build argument \(argName) "
                             + "(declared at line \(argLine)): whatever is passed with --build-arg \(argName) is stored in "
                             + "the image config and set in every container. Use `RUN --mount=type=secret,id=\(argName.lowercased()),env=\(argName) …` where the build needs it and pass it at run time otherwise.",
                         allowMarkerLines: instruction.comments)
                stage.argsReportedThroughEnv.formUnion(binding.fromArgs)
                break
            }
            scope[name] = VariableBinding(
                name: name, kind: .env, value: hasUnknownReference(word) ? nil : word.text, declaration: nameRange,
                fromArgs: Set(word.allReferences.flatMap { $0.binding?.fromArgs ?? [] }))
        }
    }

    mutating func checkLabel(_ instruction: Instruction, scope: [String: VariableBinding]) {
        for entry in entries(instruction) {
            guard let raw = entry.value else { continue }
            let name = evaluator(scope).evaluate(entry.key).string
            _ = reportLiteral(evaluator(scope).evaluate(raw), name: name, rule: DockerRules.labelSecret,
                              what: "LABEL \(name)", instruction: instruction)
        }
    }

    /// Reports a literal secret value (whole value with a secret-like name, a literal `${X:-default}`, or credentials
    /// embedded in any value). Returns whether the whole value was reported.
    mutating func reportLiteral(_ word: EvaluatedWord, name: String, rule: Rule, what: String,
                                instruction: Instruction) -> Bool {
        var reportedWhole = false
        let where_ = "\(what) (line \(instruction.line))"
        if SecretName.isSecret(name) {
            if word.isLiteral, SecretValue.isLiteralSecret(word.string, name: name) {
                sink.add(rule, value: word.text, message: "\(where_) holds a literal secret", allowMarkerLines: instruction.comments)
                reportedWhole = true
            }
            for fallback in word.literalDefaults where SecretValue.isLiteralSecret(fallback.string, name: name) {
                sink.add(rule, value: fallback.text, message: "\(where_) has a literal secret as the default of a ${…:-…} expansion",
                         allowMarkerLines: instruction.comments)
                reportedWhole = true
            }
        }
        for (label, value) in Self.embeddedLiterals(word) {
            sink.add(rule, value: value, message: "\(where_) holds a credential: \(label)", allowMarkerLines: instruction.comments)
        }
        return reportedWhole
    }

    /// Credentials embedded in the literally written parts of a word.
    static func embeddedLiterals(_ word: EvaluatedWord) -> [(String, MappedText)] {
        EmbeddedCredentials.find(in: word.text.bytes).compactMap { credential in
            guard word.literal[credential.range].allSatisfy({ $0 }) else { return nil }
            return (credential.label, word.text[credential.range])
        }
    }

    /// A reference to an `ARG` without a known value makes the result unknown until build time.
    func hasUnknownReference(_ word: EvaluatedWord) -> Bool {
        word.allReferences.contains { $0.binding != nil && $0.binding?.value == nil }
    }

    // MARK: - RUN

    mutating func checkRun(_ instruction: Instruction) -> RunFacts {
        let bodies = instruction.heredocs.map(\.body)
        var credentials: [CommandCredential]
        var texts: [MappedText] = bodies
        if let exec = instruction.execForm {
            credentials = InlineCredentialDetector.detect(execForm: exec)
            texts += exec
        } else {
            let commands = ShellScript.commands(in: instruction.arguments)
            credentials = InlineCredentialDetector.detect(commands: commands, heredocs: bodies, depth: 0)
            for index in InlineCredentialDetector.scriptHeredocs(commands) where index < bodies.count {
                credentials += InlineCredentialDetector.detect(script: bodies[index])
            }
            texts.append(instruction.arguments)
        }
        for credential in credentials {
            switch credential.kind {
            case .literal:
                sink.add(DockerRules.runInlineCredential, value: credential.value,
                         message: "RUN at line \(instruction.line) has a literal credential (\(credential.label)); the command line is kept in the image history",
                         allowMarkerLines: instruction.comments)
            case .fileLeftInLayer:
                guard let range = credential.value.sourceRange else { continue }
                sink.add(DockerRules.runCredentialFileLeft, secret: "written:\(credential.value.string)", range: range,
                         message: "RUN at line \(instruction.line): \(credential.label), and the same RUN does not delete it, so the secret stays in the layer",
                         allowMarkerLines: instruction.comments)
            }
        }
        var references: Set<String> = []
        for text in texts { references.formUnion(Self.variableNames(in: text.bytes)) }
        var secretEnvironment: Set<String> = []
        var hasSecretMount = false
        for mount in instruction.flag("mount") {
            guard let value = mount.value?.string else { continue }
            let options = Self.mountOptions(value)
            guard options["type"] == "secret" else { continue }
            hasSecretMount = true
            if let environment = options["env"] { secretEnvironment.insert(environment) }
        }
        return RunFacts(line: instruction.line, references: references, secretEnvironment: secretEnvironment,
                        hasSecretMount: hasSecretMount, instruction: instruction)
    }

    /// `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD …` run in every container; their command lines are in the image config.
    mutating func checkContainerCommand(_ instruction: Instruction) {
        var arguments = instruction.arguments
        var exec = instruction.execForm
        if instruction.keyword == "HEALTHCHECK" {
            guard arguments.bytes.count > 4, String(decoding: arguments.bytes[0..<4], as: UTF8.self).uppercased() == "CMD "
            else { return }
            arguments = arguments[4..<arguments.count].trimmed()
            exec = arguments.bytes.first == UInt8(ascii: "[") ? JSONStringArray.parse(arguments) : nil
        }
        let credentials = exec.map { InlineCredentialDetector.detect(execForm: $0) }
            ?? InlineCredentialDetector.detect(script: arguments)
        for credential in credentials where credential.kind == .literal {
            sink.add(DockerRules.runInlineCredential, value: credential.value,
                     message: "\(instruction.keyword) at line \(instruction.line) has a literal credential (\(credential.label)); the command is stored in the image config",
                     allowMarkerLines: instruction.comments)
        }
    }

    /// `type=secret,id=npm,env=NPM_TOKEN` → ["type": "secret", "id": "npm", "env": "NPM_TOKEN"].
    static func mountOptions(_ value: String) -> [String: String] {
        var options: [String: String] = [:]
        for part in value.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            options[pair[0].lowercased()] = pair.count > 1 ? pair[1] : "true"
        }
        return options
    }

    /// Names after `$` or `${` (not escaped with a backslash).
    static func variableNames(in bytes: [UInt8]) -> Set<String> {
        var names: Set<String> = []
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "$"), index == 0 || bytes[index - 1] != UInt8(ascii: "\\") else { continue }
            var start = index + 1
            if start < bytes.count, bytes[start] == UInt8(ascii: "{") { start += 1 }
            var end = start
            while end < bytes.count, WordEvaluator.isNameByte(bytes[end], first: end == start) { end += 1 }
            if end > start { names.insert(String(decoding: bytes[start..<end], as: UTF8.self)) }
        }
        return names
    }
}
