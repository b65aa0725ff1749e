import StowawayCore
import StowawayDocker
import StowawayImage

/// Name-and-value checks on an image config, judged the way the Dockerfile checks judge ENV, LABEL and ARG lines: a
/// secret-like name holding a literal secret is a finding even when no token rule knows the value's format (a plain
/// password). Covers `config.Env`, `config.Labels` and the build steps in the history, including the build arguments
/// BuildKit and the classic builder record in front of a RUN (`|2 NPM_TOKEN=… VERSION=1.2 /bin/sh -c …`).
enum ImageConfigChecks {
    static func analyze(_ field: ImageConfig.Field) -> DockerAnalysis {
        let text = Array(field.text.utf8)
        var findings: [SemanticFinding] = []
        func judge(_ pair: Pair, rule: Rule, what: String) {
            guard SecretName.isSecret(pair.name), SecretValue.isLiteralSecret(pair.value, name: pair.name) else { return }
            let length = pair.value.utf8.count
            findings.append(SemanticFinding(
                rule: rule, secret: pair.value,
                location: Location(line: 1, column: pair.valueOffset + 1, endLine: 1, endColumn: pair.valueOffset + length + 1,
                                   byteOffset: pair.valueOffset, byteLength: length),
                lineText: field.text, message: "\(what) `\(pair.name)` holds a literal secret in the image config (\(field.name))"))
        }
        if field.name.hasPrefix("config.Env[") {
            if let pair = Self.pair(text, from: 0, to: text.count) { judge(pair, rule: DockerRules.envSecret, what: "ENV") }
        } else if field.name.hasPrefix("config.Labels.") {
            if let pair = Self.pair(text, from: 0, to: text.count) { judge(pair, rule: DockerRules.labelSecret, what: "LABEL") }
        } else if field.name.hasPrefix("history[") {
            let step = Self.instruction(in: text)
            switch step.keyword {
            case "ENV": for pair in Self.pairs(text, from: step.argumentsStart) { judge(pair, rule: DockerRules.envSecret, what: "ENV") }
            case "LABEL": for pair in Self.pairs(text, from: step.argumentsStart) { judge(pair, rule: DockerRules.labelSecret, what: "LABEL") }
            case "ARG": for pair in Self.pairs(text, from: step.argumentsStart) { judge(pair, rule: DockerRules.argSecretDefault, what: "ARG") }
            default:
                for pair in Self.buildArguments(text, from: step.argumentsStart) {
                    judge(pair, rule: DockerRules.ciBuildArgSecret, what: "build argument")
                }
            }
        }
        return DockerAnalysis(kind: nil, findings: findings)
    }

    struct Pair {
        var name: String
        var value: String
        /// Byte offset of the value in the field's text.
        var valueOffset: Int
    }

    /// The Dockerfile keyword of a history step and where its arguments begin. BuildKit writes the instruction
    /// (`ENV A=b`, `RUN |1 A=b /bin/sh -c …`); the classic builder wraps metadata steps as
    /// `/bin/sh -c #(nop)  ENV A=b` and writes RUN steps as the bare command (`|1 A=b /bin/sh -c …`).
    static func instruction(in text: [UInt8]) -> (keyword: String, argumentsStart: Int) {
        var position = 0
        let nop = Array("/bin/sh -c #(nop)".utf8)
        if text.starts(with: nop) { position = nop.count }
        position = skipSpaces(text, position)
        let wordStart = position
        while position < text.count, text[position] >= UInt8(ascii: "A"), text[position] <= UInt8(ascii: "Z") { position += 1 }
        let keyword = String(decoding: text[wordStart..<position], as: UTF8.self)
        guard !keyword.isEmpty, position == text.count || text[position] == UInt8(ascii: " ") else { return ("", 0) }
        return (keyword, skipSpaces(text, position))
    }

    /// `|N NAME=value … command`: the N build arguments in front of a RUN command.
    static func buildArguments(_ text: [UInt8], from start: Int) -> [Pair] {
        guard start < text.count, text[start] == UInt8(ascii: "|") else { return [] }
        var position = start + 1
        let digitsStart = position
        while position < text.count, text[position] >= UInt8(ascii: "0"), text[position] <= UInt8(ascii: "9") { position += 1 }
        guard let count = Int(String(decoding: text[digitsStart..<position], as: UTF8.self)), count > 0 else { return [] }
        var found: [Pair] = []
        for _ in 0..<count {
            position = skipSpaces(text, position)
            let end = text[position...].firstIndex(of: UInt8(ascii: " ")) ?? text.count
            guard let pair = pair(text, from: position, to: end) else { break }
            found.append(pair)
            position = end
        }
        return found
    }

    /// `A=b C="d e"` (or the legacy `A b c` form: one name, the rest is its value).
    static func pairs(_ text: [UInt8], from start: Int) -> [Pair] {
        var found: [Pair] = []
        var position = skipSpaces(text, start)
        let firstSpace = text[position...].firstIndex(of: UInt8(ascii: " ")) ?? text.count
        if !text[position..<firstSpace].contains(UInt8(ascii: "=")), firstSpace < text.count {
            let valueStart = skipSpaces(text, firstSpace)
            return [Pair(name: String(decoding: text[position..<firstSpace], as: UTF8.self),
                         value: String(decoding: text[valueStart...], as: UTF8.self), valueOffset: valueStart)]
        }
        while position < text.count {
            var end = position
            var quote: UInt8?
            while end < text.count {
                let byte = text[end]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: " ") {
                    break
                }
                end += 1
            }
            if let pair = pair(text, from: position, to: end) { found.append(pair) }
            position = skipSpaces(text, end)
        }
        return found
    }

    /// `NAME=value` between two offsets, with quotes around the value removed.
    static func pair(_ text: [UInt8], from start: Int, to end: Int) -> Pair? {
        guard let equals = text[start..<end].firstIndex(of: UInt8(ascii: "=")), equals > start else { return nil }
        var valueStart = equals + 1
        var valueEnd = end
        if valueEnd - valueStart >= 2, text[valueStart] == text[valueEnd - 1],
           text[valueStart] == UInt8(ascii: "\"") || text[valueStart] == UInt8(ascii: "'") {
            valueStart += 1
            valueEnd -= 1
        }
        return Pair(name: String(decoding: text[start..<equals], as: UTF8.self),
                    value: String(decoding: text[valueStart..<valueEnd], as: UTF8.self), valueOffset: valueStart)
    }

    static func skipSpaces(_ text: [UInt8], _ start: Int) -> Int {
        var position = start
        while position < text.count, text[position] == UInt8(ascii: " ") || text[position] == UInt8(ascii: "\t") { position += 1 }
        return position
    }
}
