/// One `name=value` (or legacy `name value`, or `ARG name`) entry of `ENV`, `LABEL` or `ARG`, as written.
struct KeyValueEntry: Sendable {
    var key: MappedText
    /// nil for `ARG NAME` without a default.
    var value: MappedText?
    /// `ENV KEY value with spaces` (no `=`): the value is the rest of the line.
    var isLegacyForm = false
}

/// Splits `ENV`/`LABEL`/`ARG` arguments like BuildKit's `parseNameVal` and `parseNameOrNameVal`.
enum KeyValueArguments {
    static func parse(_ arguments: MappedText, keyword: String, escape: UInt8, line: Int)
        throws(DockerfileParseError) -> [KeyValueEntry]
    {
        let words = ShellWords.split(arguments, escape: escape)
        guard let first = words.first else {
            throw DockerfileParseError(line: line, message: "\(keyword) requires at least one argument")
        }
        if keyword == "ARG" {
            return words.map { word in
                guard let equals = word.bytes.firstIndex(of: UInt8(ascii: "=")) else {
                    return KeyValueEntry(key: word.text, value: nil)
                }
                return KeyValueEntry(key: word.text[0..<equals], value: word.text[(equals + 1)..<word.text.count])
            }
        }
        // The old form (`ENV KEY value`) is chosen when the first word has no `=`: the value is the rest of the line.
        guard first.bytes.contains(UInt8(ascii: "=")) else {
            let rest = arguments[first.end..<arguments.count].trimmed()
            guard !rest.isEmpty else {
                throw DockerfileParseError(line: line, message: "\(keyword) must have two arguments")
            }
            return [KeyValueEntry(key: first.text, value: rest, isLegacyForm: true)]
        }
        var entries: [KeyValueEntry] = []
        for word in words {
            guard let equals = word.bytes.firstIndex(of: UInt8(ascii: "=")) else {
                throw DockerfileParseError(
                    line: line, message: "can't find = in \"\(word.text.string)\"; \(keyword) must be of the form name=value")
            }
            entries.append(KeyValueEntry(key: word.text[0..<equals], value: word.text[(equals + 1)..<word.text.count]))
        }
        return entries
    }
}
