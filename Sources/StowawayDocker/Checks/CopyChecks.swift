import StowawayCore

/// `COPY`/`ADD` of credential files: named sources, folders and globs that take a credential file from the build
/// context (unless `.dockerignore` excludes it), heredocs written to credential paths, and `ADD` URLs with passwords.
extension DockerfileChecker {
    mutating func checkCopy(_ instruction: Instruction, scope: [String: VariableBinding], isShipped: Bool) {
        guard instruction.flag("from").isEmpty else { return }
        var words: [(text: String, range: Range<Int>)] = []
        if let exec = instruction.execForm {
            words = exec.compactMap { value in value.sourceRange.map { (value.string, $0) } }
        } else {
            for word in ShellWords.split(instruction.arguments, escape: dockerfile.escape) {
                let evaluated = evaluator(scope).evaluate(word.text)
                if let range = word.text.sourceRange { words.append((evaluated.string, range)) }
            }
        }
        guard words.count >= 2, let destination = words.last?.text else { return }
        let sources = words.dropLast()
        var heredocIndex = 0
        let dockerignore = context?.dockerignore(forDockerfileNamed: dockerfileName)
        for source in sources {
            if source.text.hasPrefix("<<") {
                if heredocIndex < instruction.heredocs.count {
                    checkCopiedHeredoc(instruction.heredocs[heredocIndex], destination: destination, instruction: instruction)
                }
                heredocIndex += 1
                continue
            }
            if source.text.contains("://") {
                if instruction.keyword == "ADD" {
                    for credential in EmbeddedCredentials.urlCredentials(in: Array(source.text.utf8)) {
                        let bytes = Array(source.text.utf8)
                        let secret = String(decoding: bytes[credential.range], as: UTF8.self)
                        if let range = self.source.firstRange(of: Array(secret.utf8), from: source.range.lowerBound,
                                                              limit: source.range.upperBound) {
                            sink.add(DockerRules.addURLCredential, secret: secret, range: range,
                                     message: "ADD at line \(instruction.line) downloads with a \(credential.label); the URL is kept in the image history",
                                     allowMarkerLines: instruction.comments)
                        }
                    }
                }
                continue
            }
            let cleaned = Self.contextPath(source.text)
            if let context, context.files.contains(cleaned) {
                if let kind = context.credentialFiles[cleaned], !(dockerignore?.excludes(cleaned) ?? false) {
                    reportCopiedFile(source.text, kind: kind, range: source.range, destination: destination, instruction: instruction)
                }
                continue
            }
            if let kind = CredentialFiles.kind(ofPath: cleaned) {
                // Copied as a public key (`COPY signing.key /keys/signing.pub`), or found above the folder without one.
                let isPublic = destination.lowercased().hasSuffix(".pub")
                let contents = context?.ancestorFile(cleaned)
                if !isPublic, contents.map({ CredentialFiles.holdsCredential(path: cleaned, contents: $0) }) ?? true {
                    reportCopiedFile(source.text, kind: kind, range: source.range, destination: destination,
                                     instruction: instruction)
                }
                continue
            }
            guard let context, isShipped else { continue }
            let glob = cleaned.isEmpty ? nil : Glob("/" + cleaned)
            for (file, kind) in context.credentialFiles.sorted(by: { $0.key < $1.key })
            where (glob?.matches(file) ?? true) && !(dockerignore?.excludes(file) ?? false) {
                sink.add(DockerRules.copyContextCredential, secret: "context:\(file)", range: source.range,
                         message: "\(instruction.keyword) \(source.text) at line \(instruction.line) copies \(kind) `\(file)` from the build context into the image; no .dockerignore entry excludes it",
                         allowMarkerLines: instruction.comments)
            }
        }
    }

    mutating func reportCopiedFile(_ written: String, kind: String, range: Range<Int>, destination: String,
                                   instruction: Instruction) {
        sink.add(DockerRules.copyCredentialFile, secret: "COPY:\(written)", range: range,
                 message: "\(instruction.keyword) at line \(instruction.line) puts \(kind) `\(written)` into the image at \(destination); deleting it later does not remove it from the layer",
                 allowMarkerLines: instruction.comments)
    }

    /// `COPY <<EOF /root/.netrc`: the heredoc body is the file's content.
    mutating func checkCopiedHeredoc(_ heredoc: Heredoc, destination: String, instruction: Instruction) {
        let target = destination.hasSuffix("/") ? destination + heredoc.name : destination
        guard CredentialFiles.kind(ofPath: target) != nil else { return }
        for secret in CredentialFiles.literalSecrets(inFileAt: target, text: heredoc.body) {
            sink.add(DockerRules.copyCredentialFile, value: heredoc.body[secret.range],
                     message: "\(instruction.keyword) at line \(instruction.line) writes \(secret.label) into \(target) in the image",
                     allowMarkerLines: instruction.comments)
        }
    }

    /// A COPY source as a path relative to the context root.
    static func contextPath(_ source: String) -> String {
        var path = source
        while path.hasPrefix("./") { path.removeFirst(2) }
        while path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        return path == "." ? "" : path
    }
}
