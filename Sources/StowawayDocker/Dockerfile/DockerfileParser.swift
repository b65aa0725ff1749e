/// Why a Dockerfile could not be parsed, at which line.
public struct DockerfileParseError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// Parses Dockerfiles the way BuildKit's parser does: parser directives at the top, continuation lines (comment and
/// blank lines inside a continuation are skipped), heredocs for `RUN`/`COPY`/`ADD`, leading `--flags`, and JSON
/// (exec) form. Every byte of every argument keeps its source offset.
public enum DockerfileParser {
    public static let keywords: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
        "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]
    static let heredocKeywords: Set<String> = ["RUN", "COPY", "ADD"]
    static let execFormKeywords: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "SHELL", "VOLUME"]
    static let knownDirectives: Set<String> = ["escape", "syntax", "check"]

    public static func parse(_ text: String) throws(DockerfileParseError) -> Dockerfile {
        try parse(SourceText(text))
    }

    public static func parse(_ source: SourceText) throws(DockerfileParseError) -> Dockerfile {
        var index = 0
        let (directives, escape) = try parseDirectives(source, index: &index)
        var instructions: [Instruction] = []
        var pendingComments: [String] = []
        while index < source.lineCount {
            let range = source.lineRange(index)
            let start = skipBlanks(source.bytes, range)
            if start == range.upperBound {
                pendingComments = []
                index += 1
                continue
            }
            if source.bytes[start] == UInt8(ascii: "#") {
                pendingComments.append(source.line(index))
                index += 1
                continue
            }
            var comments = pendingComments
            pendingComments = []
            let firstLine = index
            let logical = joinContinuations(source, escape: escape, index: &index, comments: &comments)
            var instruction = try makeInstruction(logical, line: firstLine + 1, escape: escape, comments: comments)
            if heredocKeywords.contains(instruction.keyword), !instruction.isOnBuild {
                let markers = HeredocMarker.find(in: instruction.arguments)
                for marker in markers {
                    instruction.heredocs.append(try readHeredoc(marker, source: source, index: &index))
                }
            }
            instruction.endLine = index
            instructions.append(instruction)
        }
        return Dockerfile(directives: directives, escape: escape, instructions: instructions)
    }

    /// Reads `# name=value` lines until the first line that is not a known directive.
    static func parseDirectives(_ source: SourceText, index: inout Int) throws(DockerfileParseError)
        -> ([ParserDirective], UInt8)
    {
        var directives: [ParserDirective] = []
        var escape = UInt8(ascii: "\\")
        while index < source.lineCount {
            let text = source.line(index)
            guard text.hasPrefix("#") else { break }
            let body = text.dropFirst()
            guard let equals = body.firstIndex(of: "=") else { break }
            let name = String(body[..<equals]).trimmingCharacters(in: " \t").lowercased()
            let value = String(body[body.index(after: equals)...]).trimmingCharacters(in: " \t\r")
            guard knownDirectives.contains(name), !value.isEmpty,
                  name.allSatisfy({ $0.isLetter || $0.isNumber }) else { break }
            if directives.contains(where: { $0.name == name }) {
                throw DockerfileParseError(line: index + 1, message: "only one \(name) parser directive can be used")
            }
            if name == "escape" {
                guard value == "\\" || value == "`" else {
                    throw DockerfileParseError(line: index + 1, message: "invalid escape token '\(value)' (must be \\ or `)")
                }
                escape = value.utf8.first!
            }
            directives.append(ParserDirective(name: name, value: value, line: index + 1))
            index += 1
        }
        return (directives, escape)
    }

    /// Joins an instruction's physical lines. A line ending in the escape character (optionally followed by spaces)
    /// continues on the next line; comment lines and blank lines inside a continuation are dropped.
    static func joinContinuations(_ source: SourceText, escape: UInt8, index: inout Int, comments: inout [String])
        -> MappedText
    {
        var logical = MappedText()
        var first = true
        while index < source.lineCount {
            let range = source.lineRange(index)
            let start = first ? skipBlanks(source.bytes, range) : range.lowerBound
            first = false
            var end = range.upperBound
            while end > start, source.bytes[end - 1] == 0x20 || source.bytes[end - 1] == 0x09 { end -= 1 }
            let continues = end > start && source.bytes[end - 1] == escape
            let contentEnd = continues ? end - 1 : range.upperBound
            logical.append(MappedText(source.bytes[start..<contentEnd], startingAt: start))
            index += 1
            guard continues else { break }
            while index < source.lineCount {
                let next = source.lineRange(index)
                let nonBlank = skipBlanks(source.bytes, next)
                if nonBlank == next.upperBound {
                    index += 1
                } else if source.bytes[nonBlank] == UInt8(ascii: "#") {
                    comments.append(source.line(index))
                    index += 1
                } else {
                    break
                }
            }
        }
        return logical
    }

    static func makeInstruction(_ logical: MappedText, line: Int, escape: UInt8, comments: [String])
        throws(DockerfileParseError) -> Instruction
    {
        let text = logical.trimmed()
        var split = 0
        while split < text.count, !isBlank(text.bytes[split]) { split += 1 }
        let word = String(decoding: text.bytes[0..<split], as: UTF8.self).uppercased()
        guard keywords.contains(word) else {
            throw DockerfileParseError(line: line, message: "unknown instruction: \(String(decoding: text.bytes[0..<split], as: UTF8.self))")
        }
        var rest = text[split..<text.count].trimmed()
        if word == "ONBUILD" {
            var inner = try makeInstruction(rest, line: line, escape: escape, comments: comments)
            guard inner.keyword != "ONBUILD", inner.keyword != "FROM" else {
                throw DockerfileParseError(line: line, message: "\(inner.keyword) is not allowed inside ONBUILD")
            }
            inner.isOnBuild = true
            return inner
        }
        let flags = extractFlags(&rest, escape: escape)
        var execForm: [MappedText]? = nil
        if execFormKeywords.contains(word), rest.bytes.first == UInt8(ascii: "[") {
            execForm = JSONStringArray.parse(rest)
        }
        return Instruction(keyword: word, flags: flags, arguments: rest, execForm: execForm, heredocs: [], line: line,
                           endLine: line, comments: comments)
    }

    /// Removes leading `--name[=value]` words from `arguments` and returns them (quotes in values removed).
    static func extractFlags(_ arguments: inout MappedText, escape: UInt8) -> [InstructionFlag] {
        var flags: [InstructionFlag] = []
        while arguments.bytes.starts(with: Array("--".utf8)) {
            let words = ShellWords.split(arguments, escape: escape)
            guard let word = words.first else { break }
            if word.bytes == Array("--".utf8) {
                arguments = arguments[word.end..<arguments.count].trimmed()
                break
            }
            let flagText = word.text[2..<word.text.count]
            if let equals = flagText.bytes.firstIndex(of: UInt8(ascii: "=")) {
                let value = WordEvaluator.unquote(flagText[(equals + 1)..<flagText.count], escape: escape)
                flags.append(InstructionFlag(name: String(decoding: flagText.bytes[0..<equals], as: UTF8.self),
                                             value: value))
            } else {
                flags.append(InstructionFlag(name: flagText.string, value: nil))
            }
            arguments = arguments[word.end..<arguments.count].trimmed()
        }
        return flags
    }

    /// Collects the body lines of one heredoc up to its terminator line.
    static func readHeredoc(_ marker: HeredocMarker, source: SourceText, index: inout Int)
        throws(DockerfileParseError) -> Heredoc
    {
        let startLine = index
        var body = MappedText()
        let terminator = Array(marker.name.utf8)
        while index < source.lineCount {
            let range = source.lineRange(index)
            var start = range.lowerBound
            if marker.stripsTabs {
                while start < range.upperBound, source.bytes[start] == 0x09 { start += 1 }
            }
            index += 1
            if source.bytes[start..<range.upperBound].elementsEqual(terminator) {
                return Heredoc(name: marker.name, isQuoted: marker.isQuoted, stripsTabs: marker.stripsTabs, body: body)
            }
            body.append(MappedText(source.bytes[start..<range.upperBound], startingAt: start))
            body.append(UInt8(ascii: "\n"), offset: range.upperBound)
        }
        throw DockerfileParseError(line: startLine, message: "unterminated heredoc <<\(marker.name)")
    }

    static func skipBlanks(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        var index = range.lowerBound
        // A UTF-8 byte order mark before the first instruction.
        if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = min(3, range.upperBound) }
        while index < range.upperBound, isBlank(bytes[index]) { index += 1 }
        return index
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C }
}
