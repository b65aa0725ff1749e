/// A credential found on a command line.
struct CommandCredential: Sendable {
    enum Kind: Sendable {
        /// The secret is written literally in the command.
        case literal
        /// A secret (from a variable) is written into a credential file that stays in the layer.
        case fileLeftInLayer
    }

    var kind: Kind
    /// What it is, for the message: "curl -u password", "docker login --password", "password written to ~/.netrc".
    var label: String
    /// The secret (or, for `fileLeftInLayer`, the reference that carries it), with source offsets.
    var value: MappedText
}

/// Finds credentials in shell commands: the client tools that take one on the command line (`curl -u`,
/// `docker login -p`, `mysql -p…`, `sshpass -p`, `htpasswd -b`, `openssl -passin pass:`, `keytool -storepass`,
/// `npm config set …_authToken`, `composer config http-basic`, …), URLs with `user:password@`, secret-like
/// `--options`, `-Dprop=` values and `NAME=value` assignments, and credential files written with `echo`/`printf`/
/// `cat <<EOF`/`tee` (a literal credential, or a variable's secret left in the layer because the same `RUN` does not
/// delete the file).
enum InlineCredentialDetector {
    static func detect(script: MappedText, heredocs: [MappedText] = []) -> [CommandCredential] {
        detect(commands: ShellScript.commands(in: script), heredocs: heredocs, depth: 0)
    }

    /// Exec form: the JSON strings are the words (and `["sh", "-c", "…"]` holds a script).
    static func detect(execForm: [MappedText]) -> [CommandCredential] {
        let command = SimpleCommand(words: execForm.map { ShellWord(value: $0, hasExpansion: false) })
        return detect(commands: [command], heredocs: [], depth: 0)
    }

    static func detect(commands: [SimpleCommand], heredocs: [MappedText], depth: Int) -> [CommandCredential] {
        var found: [CommandCredential] = []
        // Scripts that verify downloads name GnuPG key fingerprints (`key='B97B…'`, `--recv-keys 4ED7…`).
        let verifiesSignatures = commands.contains { command in
            Invocation(command).map { ["gpg", "gpg2", "gpgv", "apt-key"].contains($0.program) } ?? false
        }
        func add(_ credential: CommandCredential) {
            guard let range = credential.value.sourceRange else { return }
            if verifiesSignatures, isKeyFingerprint(credential.value.string) { return }
            if found.contains(where: { $0.value.sourceRange?.overlaps(range) == true }) { return }
            found.append(credential)
        }
        for (position, command) in commands.enumerated() {
            if depth < 3 {
                for substitution in command.substitutions {
                    for credential in detect(commands: ShellScript.commands(in: substitution), heredocs: [], depth: depth + 1) {
                        add(credential)
                    }
                }
            }
            let invocation = Invocation(command)
            for credential in assignmentCredentials(command, environment: invocation?.environment ?? []) { add(credential) }
            guard let invocation else { continue }
            if depth < 3, let script = invocation.shellScript {
                for credential in detect(commands: ShellScript.commands(in: script), heredocs: [], depth: depth + 1) {
                    add(credential)
                }
                continue
            }
            for credential in programCredentials(invocation, commands: commands, position: position) { add(credential) }
            for credential in writtenCredentialFiles(invocation, command: command, commands: commands, position: position,
                                                    heredocs: heredocs) {
                add(credential)
            }
            for credential in genericCredentials(invocation) { add(credential) }
        }
        return found
    }

    /// A GnuPG fingerprint or long key id: 40 or 16 hex digits.
    static func isKeyFingerprint(_ value: String) -> Bool {
        let compact = value.filter { $0 != " " }
        return (compact.count == 40 || compact.count == 16) && compact.allSatisfy(\.isHexDigit)
    }

    /// Heredocs that are shell scripts: `RUN <<EOF` (no command: BuildKit runs the body with the shell) or a heredoc
    /// fed to `sh`/`bash`. Other heredocs are data (`cat <<EOF > file`, `python3 <<EOF`).
    static func scriptHeredocs(_ commands: [SimpleCommand]) -> [Int] {
        commands.flatMap { command -> [Int] in
            let heredocs = command.redirections.compactMap(\.heredoc)
            guard !heredocs.isEmpty else { return [] }
            if command.words.isEmpty { return heredocs }
            guard let invocation = Invocation(command),
                  ["sh", "bash", "ash", "dash", "zsh", "ksh"].contains(invocation.program) else { return [] }
            return heredocs
        }
    }

    // MARK: - Assignments: `TOKEN=… cmd`, `export TOKEN=…`

    static func assignmentCredentials(_ command: SimpleCommand, environment: [ShellWord]) -> [CommandCredential] {
        var words = command.assignments + environment
        if let first = command.words.first?.string, ["export", "declare", "local", "readonly", "typeset"].contains(first) {
            words += command.words.dropFirst().filter { !$0.string.hasPrefix("-") }
        }
        var found: [CommandCredential] = []
        for word in words {
            guard let equals = word.value.bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0 else { continue }
            let name = String(decoding: word.value.bytes[0..<equals], as: UTF8.self)
            let value = word.value[(equals + 1)..<word.value.count]
            if SecretName.isSecret(name), SecretValue.isLiteralSecret(value.string, name: name) {
                found.append(CommandCredential(kind: .literal, label: "\(name)=… assignment", value: value))
                continue
            }
            for embedded in EmbeddedCredentials.find(in: value.bytes) {
                found.append(CommandCredential(kind: .literal, label: "\(embedded.label) in \(name)",
                                               value: value[embedded.range]))
            }
        }
        return found
    }

    // MARK: - Any command: URLs with credentials, secret-like options, `name=value` words

    static func genericCredentials(_ invocation: Invocation) -> [CommandCredential] {
        var found: [CommandCredential] = []
        // GnuPG's options take key ids and fingerprints (`--recv-keys`, `--default-key`), never secrets.
        if ["gpg", "gpg2", "gpgv", "apt-key"].contains(invocation.program) { return [] }
        let arguments = invocation.arguments
        for (index, word) in arguments.enumerated() {
            let text = word.string
            for embedded in EmbeddedCredentials.urlCredentials(in: word.value.bytes) + EmbeddedCredentials.assignments(in: word.value.bytes) {
                found.append(CommandCredential(kind: .literal, label: "\(embedded.label) in \(invocation.program) arguments",
                                               value: word.value[embedded.range]))
            }
            // `--password value` / `-storepass value`: a secret-like option whose value is the next word.
            guard text.hasPrefix("-"), !text.contains("="), text.count > 3, index + 1 < arguments.count else { continue }
            let name = String(text.drop(while: { $0 == "-" }))
            let next = arguments[index + 1]
            guard SecretName.isSecret(name), !next.string.hasPrefix("-"),
                  SecretValue.isLiteralSecret(next.string, name: name, evidence: .structure) else { continue }
            found.append(CommandCredential(kind: .literal, label: "\(invocation.program) \(text)", value: next.value))
        }
        return found
    }
}
