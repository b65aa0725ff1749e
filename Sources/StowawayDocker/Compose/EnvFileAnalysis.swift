/// `.env` files: `[export ]NAME=value` lines (quoted or not, with `# comments`) whose name is secret-like and whose
/// value is a literal secret (or a `${VAR:-default}` with one), and credentials embedded in any value.
enum EnvFileAnalysis {
    static func analyze(source: SourceText) -> [SemanticFinding] {
        var sink = FindingSink(source: source)
        for index in 0..<source.lineCount {
            let range = source.lineRange(index)
            let line = MappedText(source.bytes[range], startingAt: range.lowerBound).trimmed()
            guard !line.isEmpty, line.bytes[0] != UInt8(ascii: "#"),
                  let (name, value) = assignment(line) else { continue }
            let interpolation = ComposeInterpolation(value.string)
            if SecretName.isSecret(name) {
                if interpolation.isLiteral, SecretValue.isLiteralSecret(interpolation.literalText, name: name) {
                    sink.add(DockerRules.envFileSecret, value: value, message: "\(name) is set to a literal secret")
                }
                for fallback in interpolation.literalDefaults where SecretValue.isLiteralSecret(fallback, name: name) {
                    if let start = value.firstIndex(of: Array(fallback.utf8)) {
                        sink.add(DockerRules.envFileSecret, value: value[start..<(start + fallback.utf8.count)],
                                 message: "\(name) has a literal secret as its ${…:-…} default")
                    }
                }
            }
            for credential in EmbeddedCredentials.find(in: value.bytes) {
                sink.add(DockerRules.envFileSecret, value: value[credential.range],
                         message: "\(name) holds a credential: \(credential.label)")
            }
        }
        return sink.findings
    }

    /// NAME and the value's bytes: quotes removed; for unquoted values, a ` #` comment removed.
    static func assignment(_ line: MappedText) -> (String, MappedText)? {
        var text = line
        if text.bytes.starts(with: Array("export ".utf8)) { text = text[7..<text.count].trimmed() }
        guard let equals = text.bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0 else { return nil }
        let name = String(decoding: text.bytes[0..<equals], as: UTF8.self).trimmingCharacters(in: " \t")
        guard name.utf8.allSatisfy({ WordEvaluator.isNameByte($0, first: false) || $0 == UInt8(ascii: ".") }) else {
            return nil
        }
        var value = text[(equals + 1)..<text.count].trimmed()
        if let quote = value.bytes.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            guard let close = value.bytes.dropFirst().firstIndex(of: quote) else { return nil }
            value = value[1..<close]
        } else if let comment = value.firstIndex(of: Array(" #".utf8)) {
            value = value[0..<comment].trimmed()
        }
        return (name, value)
    }
}
