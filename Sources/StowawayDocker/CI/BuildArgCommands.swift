import StowawayCore

/// Docker command lines in scripts, Makefiles, Jenkinsfiles and CI definitions: `docker build`/`buildx`/`podman
/// build`/kaniko `--build-arg NAME=literal`, and `docker run`/`create`/`service create` `-e NAME=literal`. The text is
/// searched for the options themselves, so commands embedded in other syntax (`sh "docker build …"` in a
/// Jenkinsfile, `- "docker build …"` in YAML) are read too.
enum BuildArgCommands {
    static func check(_ source: SourceText, into sink: inout FindingSink) {
        // Most YAML and scripts hold neither option: one pass over the bytes instead of building every line.
        let bytes = source.bytes
        let mayPassBuildArgs = ByteSearch.contains(bytes, buildArgOption)
        let mayRunWithEnvironment = runsContainer(bytes, in: 0..<bytes.count)
            && (ByteSearch.contains(bytes, shortEnvOption) || ByteSearch.contains(bytes, longEnvOption))
        guard mayPassBuildArgs || mayRunWithEnvironment else { return }
        var index = 0
        while index < source.lineCount {
            let first = index
            // Join backslash-continued lines into one command.
            var text = MappedText()
            while index < source.lineCount {
                let range = source.lineRange(index)
                var line = MappedText(source.bytes[range], startingAt: range.lowerBound)
                index += 1
                let continues = line.bytes.last == UInt8(ascii: "\\")
                if continues { line = line[0..<(line.count - 1)] }
                text.append(line)
                text.append(0x20, offset: line.offsets.last ?? range.lowerBound)
                if !continues { break }
            }
            for (name, value) in assignments(after: ["--build-arg"], in: text) where isLiteralSecret(name, value) {
                sink.add(DockerRules.ciBuildArgSecret, value: value,
                         message: "--build-arg \(name) on line \(first + 1) passes a literal secret to the image build; it is recorded in the image history")
            }
            guard runsContainer(text.bytes, in: 0..<text.bytes.count) else { continue }
            for (name, value) in assignments(after: ["-e", "--env"], in: text) where isLiteralSecret(name, value) {
                sink.add(DockerRules.cliEnvironmentSecret, value: value,
                         message: "-e \(name) on line \(first + 1) puts a literal secret on the docker command line")
            }
        }
    }

    /// `docker buildx bake` files: `args = { NPM_TOKEN = "literal" }` inside a target.
    static func checkBakeFile(_ source: SourceText, into sink: inout FindingSink) {
        var depth: Int? = nil
        for index in 0..<source.lineCount {
            let range = source.lineRange(index)
            let line = MappedText(source.bytes[range], startingAt: range.lowerBound).trimmed()
            let text = line.string
            if depth == nil {
                if text.hasPrefix("args"), text.contains("{") { depth = 1 }
                continue
            }
            depth! += text.filter { $0 == "{" }.count - text.filter { $0 == "}" }.count
            if depth! <= 0 {
                depth = nil
                continue
            }
            guard let equals = line.bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: line.bytes[0..<equals], as: UTF8.self).trimmingCharacters(in: " \t\"")
            var value = line[(equals + 1)..<line.count].trimmed()
            if value.bytes.last == UInt8(ascii: ",") { value = value[0..<(value.count - 1)].trimmed() }
            if value.count >= 2, value.bytes.first == UInt8(ascii: "\""), value.bytes.last == UInt8(ascii: "\"") {
                value = value[1..<(value.count - 1)]
            }
            if isLiteralSecret(name, value) {
                sink.add(DockerRules.ciBuildArgSecret, value: value,
                         message: "bake args \(name) on line \(index + 1) passes a literal secret to the image build; it is recorded in the image history")
            }
        }
    }

    static func isLiteralSecret(_ name: String, _ value: MappedText) -> Bool {
        SecretName.isSecret(name) && SecretValue.isLiteralSecret(value.string, name: name)
    }

    /// `docker run`, `docker create`, `docker service create`, and their podman/nerdctl forms.
    static func runsContainer(_ bytes: [UInt8], in range: Range<Int>) -> Bool {
        // memmem, not String.contains or Collection.firstRange(of:): those ran for every line of every script and
        // were a twentieth of a tree scan.
        engines.contains { ByteSearch.contains(bytes, $0, in: range) } && verbs.contains { ByteSearch.contains(bytes, $0, in: range) }
    }

    private static let buildArgOption = Array("--build-arg".utf8)
    private static let shortEnvOption = Array("-e".utf8)
    private static let longEnvOption = Array("--env".utf8)

    private static let engines = ["docker", "podman", "nerdctl"].map { Array($0.utf8) }
    private static let verbs = [" run ", " create ", " exec "].map { Array($0.utf8) }

    /// `OPTION NAME=value`, `OPTION=NAME=value`, `OPTION "NAME=value"`, `OPTION NAME="value"`: each NAME and the
    /// value's bytes (quotes excluded).
    static func assignments(after options: [String], in text: MappedText) -> [(String, MappedText)] {
        let bytes = text.bytes
        var found: [(String, MappedText)] = []
        for option in options {
            let pattern = Array(option.utf8)
            var searchFrom = 0
            while let start = text.firstIndex(of: pattern, from: searchFrom) {
                searchFrom = start + pattern.count
                // A whole option: preceded by a blank or quote, followed by `=` or a blank.
                if start > 0, ![0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'")].contains(bytes[start - 1]) { continue }
                var cursor = start + pattern.count
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") || bytes[cursor] == 0x20 || bytes[cursor] == 0x09
                else { continue }
                cursor += 1
                while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                var outerQuote: UInt8? = nil
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    outerQuote = bytes[cursor]
                    cursor += 1
                }
                let nameStart = cursor
                while cursor < bytes.count, WordEvaluator.isNameByte(bytes[cursor], first: cursor == nameStart) { cursor += 1 }
                guard cursor > nameStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
                let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
                cursor += 1
                var quote = outerQuote
                if quote == nil, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    quote = bytes[cursor]
                    cursor += 1
                }
                let valueStart = cursor
                while cursor < bytes.count {
                    let byte = bytes[cursor]
                    if let quote, byte == quote { break }
                    if quote == nil, byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
                        || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "`") { break }
                    cursor += 1
                }
                if cursor > valueStart { found.append((name, text[valueStart..<cursor])) }
                searchFrom = cursor
            }
        }
        return found
    }
}
