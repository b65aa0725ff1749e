/// Commands that write credential files (`echo … > ~/.netrc`, `cat <<EOF > ~/.npmrc`, `cp /run/secrets/x ~/.npmrc`):
/// a literal credential in them, or a secret from a variable or a mount left in the layer because the same script
/// does not delete the file.
extension InlineCredentialDetector {
    static func writtenCredentialFiles(_ invocation: Invocation, command: SimpleCommand, commands: [SimpleCommand],
                                       position: Int, heredocs: [MappedText]) -> [CommandCredential] {
        if ["cp", "install", "mv"].contains(invocation.program) {
            return copiedSecretMounts(invocation, commands: commands, position: position)
        }
        guard ["echo", "printf", "cat", "tee"].contains(invocation.program) else { return [] }
        var content = MappedText()
        var hasExpansion = false
        for redirection in command.redirections {
            if let heredoc = redirection.heredoc, heredoc < heredocs.count { content.append(heredocs[heredoc]) }
            if redirection.operation == "<<<", let target = redirection.target {
                content.append(target.value)
                hasExpansion = hasExpansion || target.hasExpansion
            }
        }
        if invocation.program == "echo" || invocation.program == "printf" {
            for (index, word) in invocation.arguments.enumerated() {
                if index == 0, invocation.program == "echo", word.string.hasPrefix("-") { continue }
                if !content.isEmpty, let last = content.offsets.last { content.append(0x20, offset: last) }
                content.append(word.value)
                hasExpansion = hasExpansion || word.hasExpansion
            }
        }
        // `cat /run/secrets/npmrc > ~/.npmrc` copies a mounted secret into the layer.
        if invocation.program == "cat", content.isEmpty,
           let mounted = invocation.arguments.first(where: { Self.isSecretMountPath($0.string) }) {
            content = mounted.value
            hasExpansion = true
        }
        hasExpansion = hasExpansion || SecretValue.isReference(content.string)
        var targets = command.redirections.filter { [">", ">>", ">|", "&>"].contains($0.operation) }.compactMap(\.target)
        if invocation.program == "tee" { targets += invocation.arguments.filter { !$0.string.hasPrefix("-") } }
        if let reader = commands.indices.first(where: { commands[$0].pipedFrom == position }),
           let tee = Invocation(commands[reader]), tee.program == "tee" {
            targets += tee.arguments.filter { !$0.string.hasPrefix("-") }
        }
        var found: [CommandCredential] = []
        for target in targets {
            let path = target.string
            guard let kind = CredentialFiles.kind(ofPath: path) else { continue }
            let literals = CredentialFiles.literalSecrets(inFileAt: path, text: content)
            for secret in literals {
                found.append(CommandCredential(kind: .literal, label: "\(secret.label) written to \(path)",
                                               value: content[secret.range]))
            }
            guard literals.isEmpty, hasExpansion, !isRemoved(path, after: position, in: commands),
                  let reference = firstReference(in: content) ?? (isSecretMountPath(content.string) ? content : nil)
            else { continue }
            found.append(CommandCredential(kind: .fileLeftInLayer, label: "\(kind) written to \(path)", value: reference))
        }
        return found
    }

    /// `cp /run/secrets/npmrc /root/.npmrc`: a mounted secret copied to a credential file that stays in the layer.
    static func copiedSecretMounts(_ invocation: Invocation, commands: [SimpleCommand], position: Int) -> [CommandCredential] {
        let operands = invocation.arguments.filter { !$0.string.hasPrefix("-") }
        guard operands.count >= 2, let destination = operands.last?.string,
              let source = operands.dropLast().first(where: { isSecretMountPath($0.string) }) else { return [] }
        var target = destination
        if destination.hasSuffix("/") || CredentialFiles.kind(ofPath: destination) == nil {
            target = destination + "/" + (source.string.split(separator: "/").last.map(String.init) ?? "")
        }
        let kind = CredentialFiles.kind(ofPath: target) ?? CredentialFiles.kind(ofPath: destination)
        guard let kind, !isRemoved(destination, after: position, in: commands), !isRemoved(target, after: position, in: commands)
        else { return [] }
        return [CommandCredential(kind: .fileLeftInLayer, label: "\(kind) copied from \(source.string) to \(destination)",
                                  value: source.value)]
    }

    static func isSecretMountPath(_ path: String) -> Bool {
        path.hasPrefix("/run/secrets/") || path.hasPrefix("/var/run/secrets/") && !path.contains("kubernetes.io")
    }

    /// True when a later command of the same script deletes the file (`rm -f ~/.npmrc`).
    static func isRemoved(_ path: String, after position: Int, in commands: [SimpleCommand]) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for command in commands[(position + 1)...] {
            guard let invocation = Invocation(command), ["rm", "shred", "unlink"].contains(invocation.program) else { continue }
            if invocation.arguments.contains(where: { $0.string == path || $0.string.hasSuffix("/" + name) || $0.string == name }) {
                return true
            }
        }
        return false
    }

    /// The first `$X` / `${X}` / `$(…)` in a text, as a slice.
    static func firstReference(in text: MappedText) -> MappedText? {
        let bytes = text.bytes
        guard let dollar = bytes.indices.first(where: { bytes[$0] == UInt8(ascii: "$") && $0 + 1 < bytes.count
            && (bytes[$0 + 1] == UInt8(ascii: "{") || bytes[$0 + 1] == UInt8(ascii: "(")
                || WordEvaluator.isNameByte(bytes[$0 + 1], first: true)) }) else { return nil }
        var end = dollar + 1
        if bytes[end] == UInt8(ascii: "{") || bytes[end] == UInt8(ascii: "(") {
            let close = bytes[end] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
            while end < bytes.count, bytes[end] != close { end += 1 }
            end = min(end + 1, bytes.count)
        } else {
            while end < bytes.count, WordEvaluator.isNameByte(bytes[end], first: false) { end += 1 }
        }
        return text[dollar..<end]
    }

    /// The command whose output feeds `position` through a pipe.
    static func command(pipedInto position: Int, commands: [SimpleCommand]) -> SimpleCommand? {
        commands[position].pipedFrom.map { commands[$0] }
    }

    /// What `echo`/`printf`/`cat <<<` prints: its arguments.
    static func echoedValues(_ command: SimpleCommand) -> [MappedText] {
        guard let invocation = Invocation(command), ["echo", "printf"].contains(invocation.program) else { return [] }
        return invocation.arguments.filter { !$0.string.hasPrefix("-") }.map(\.value)
    }
}
