import StowawayCore

/// Turns a rule example as written (with `{{gen:REGEX}}` generators and `«…»` secret markers) into the text to scan
/// and the secret span expected, if marked. See Rules/README.md, "Example syntax".
public struct ExampleText: Sendable, Equatable {
    /// The text to scan, markers removed and generators expanded.
    public var text: String
    /// The secrets marked with `«…»`, in text order: one, or the two parts of a composite rule's finding.
    public var expectedSecrets: [String]

    /// The secret the finding must report (composite parts joined), when the example marks any.
    public var expectedSecret: String? { expectedSecrets.isEmpty ? nil : CompositeSecret.join(expectedSecrets) }

    public init(expanding written: String, seed: String) throws(ExampleSyntaxError) {
        var generator = TokenGenerator(seed: seed)
        var expanded = ""
        var cache: [String: String] = [:]
        var rest = Substring(written)
        while let open = rest.firstRange(of: "{{gen:") {
            expanded += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = Self.closingBraces(in: afterOpen) else {
                throw ExampleSyntaxError(message: "unterminated `{{gen:` in example")
            }
            let spec = String(afterOpen[..<close.lowerBound])
            if let known = cache[spec] {
                expanded += known
            } else {
                let value = try generator.generate(spec)
                cache[spec] = value
                expanded += value
            }
            rest = afterOpen[close.upperBound...]
        }
        expanded += rest

        // Each `«…»` marks one secret; a composite rule's example marks both of its parts.
        var secrets: [String] = []
        while let start = expanded.firstIndex(of: "«") {
            guard let end = expanded[start...].firstIndex(of: "»") else {
                throw ExampleSyntaxError(message: "`«` without a closing `»` in example")
            }
            secrets.append(String(expanded[expanded.index(after: start)..<end]))
            expanded.remove(at: end)
            expanded.remove(at: start)
        }
        if expanded.contains("»") { throw ExampleSyntaxError(message: "`»` without an opening `«` in example") }
        expectedSecrets = secrets
        text = expanded
    }

    /// The `}}` that closes a generator, skipping `}` of counts like `{36}` inside it.
    private static func closingBraces(in text: Substring) -> Range<Substring.Index>? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
                continue
            }
            if character == "{" {
                depth += 1
            } else if character == "}" {
                if depth > 0 {
                    depth -= 1
                } else {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "}" { return index..<text.index(after: next) }
                }
            }
            index = text.index(after: index)
        }
        return nil
    }
}

public struct ExampleSyntaxError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
