/// What a variable holds at one point of a Dockerfile (or a Compose file's environment).
struct VariableBinding: Sendable {
    enum Kind: Sendable { case arg, env }

    var name: String
    var kind: Kind
    /// nil when the value is not known statically: an `ARG` without a default (it comes from `--build-arg`).
    var value: MappedText?
    /// Where the variable was declared (the name's source range).
    var declaration: Range<Int>
    /// The `ARG` names this value comes from, directly or through other variables.
    var fromArgs: Set<String>
}

/// One `$NAME` / `${NAME…}` in a word.
struct VariableReference: Sendable {
    var name: String
    /// `nil` for `$NAME`/`${NAME}`; otherwise `-`, `:-`, `+`, `:+`, `?`, `:?`, `#`, `##`, `%`, `%%`, `/`, `//`.
    var modifier: String?
    /// The word after the modifier (`${NAME:-word}`), evaluated.
    var word: EvaluatedWord?
    /// The whole reference in the source.
    var sourceRange: Range<Int>
    var binding: VariableBinding?
}

/// A word after quote removal and variable expansion.
struct EvaluatedWord: Sendable {
    var text = MappedText()
    /// Per byte of `text`: true when it was written literally, false when an expansion produced it.
    var literal: [Bool] = []
    var references: [VariableReference] = []
    /// How many bytes were written literally outside any reference (a default word's bytes do not count).
    var writtenLiterals = 0

    var string: String { text.string }
    /// True when nothing in the word came from a variable.
    var isLiteral: Bool { references.isEmpty }

    /// True when the word is exactly one reference (`$X`, `${X}`, `"${X:-…}"`) and nothing written around it.
    var isSingleReference: Bool {
        references.count == 1 && writtenLiterals == 0
    }

    /// Every reference, including those nested in `${X:-${Y}}` words.
    var allReferences: [VariableReference] {
        references.flatMap { [$0] + ($0.word?.allReferences ?? []) }
    }

    /// The literal words of `${X:-word}` / `${X:+word}` modifiers, at any depth: hard-coded fallbacks.
    var literalDefaults: [EvaluatedWord] {
        references.flatMap { reference -> [EvaluatedWord] in
            guard let word = reference.word, let modifier = reference.modifier,
                  ["-", ":-", "+", ":+", "=", ":="].contains(modifier) else { return [] }
            return (word.isLiteral && !word.text.isEmpty ? [word] : []) + word.literalDefaults
        }
    }

    mutating func appendLiteral(_ byte: UInt8, offset: Int) {
        text.append(byte, offset: offset)
        literal.append(true)
        writtenLiterals += 1
    }

    mutating func appendExpansion(_ value: MappedText) {
        text.append(value)
        literal += [Bool](repeating: false, count: value.count)
    }

    mutating func append(_ word: EvaluatedWord) {
        text.append(word.text)
        literal += word.literal
    }
}

/// Removes quotes and expands variables like BuildKit's shell lexer (`ProcessWord`): `'…'` is literal; `"…"` expands
/// `$` and lets the escape character escape only `"`, `$` and itself; outside quotes the escape character keeps the
/// next character literally. Supports `$X`, `${X}`, `${X:-w}`, `${X-w}`, `${X:+w}`, `${X+w}`, `${X:?m}`, `${X?m}`, and
/// reads (without applying) the pattern forms `${X#p}`, `${X%p}`, `${X/p/r}`.
struct WordEvaluator {
    var escape: UInt8
    var lookup: (String) -> VariableBinding?

    /// Quote removal only: `$` stays literal (flag values, heredoc names).
    static func unquote(_ text: MappedText, escape: UInt8) -> MappedText {
        var evaluator = WordEvaluator(escape: escape, lookup: { _ in nil })
        evaluator.expands = false
        return evaluator.evaluate(text).text
    }

    private var expands = true

    init(escape: UInt8, lookup: @escaping (String) -> VariableBinding?) {
        self.escape = escape
        self.lookup = lookup
    }

    func evaluate(_ text: MappedText) -> EvaluatedWord {
        var index = 0
        return evaluate(text, index: &index, stopAt: nil)
    }

    /// Evaluates from `index` until the end or an unquoted `stopAt` byte (the `}` closing a modifier word).
    private func evaluate(_ text: MappedText, index: inout Int, stopAt: UInt8?) -> EvaluatedWord {
        let bytes = text.bytes
        var word = EvaluatedWord()
        while index < bytes.count {
            let byte = bytes[index]
            if let stopAt, byte == stopAt { return word }
            switch byte {
            case UInt8(ascii: "'"):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                    word.appendLiteral(bytes[index], offset: text.offsets[index])
                    index += 1
                }
                index += 1
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    let current = bytes[index]
                    if current == escape, index + 1 < bytes.count,
                       [UInt8(ascii: "\""), UInt8(ascii: "$"), escape].contains(bytes[index + 1]) {
                        word.appendLiteral(bytes[index + 1], offset: text.offsets[index + 1])
                        index += 2
                    } else if current == UInt8(ascii: "$"), expands, let expanded = expand(text, index: &index) {
                        word.append(expanded.value)
                        word.references.append(expanded.reference)
                    } else {
                        word.appendLiteral(current, offset: text.offsets[index])
                        index += 1
                    }
                }
                index += 1
            case escape:
                if index + 1 < bytes.count { word.appendLiteral(bytes[index + 1], offset: text.offsets[index + 1]) }
                index += 2
            case UInt8(ascii: "$"):
                if expands, let expanded = expand(text, index: &index) {
                    word.append(expanded.value)
                    word.references.append(expanded.reference)
                } else {
                    word.appendLiteral(byte, offset: text.offsets[index])
                    index += 1
                }
            default:
                word.appendLiteral(byte, offset: text.offsets[index])
                index += 1
            }
        }
        return word
    }

    /// Reads a reference at `index` (a `$`); nil when `$` is not followed by a name (then it is a literal `$`).
    private func expand(_ text: MappedText, index: inout Int) -> (value: EvaluatedWord, reference: VariableReference)? {
        let bytes = text.bytes
        let dollar = index
        var cursor = index + 1
        guard cursor < bytes.count else { return nil }
        if bytes[cursor] != UInt8(ascii: "{") {
            let nameStart = cursor
            while cursor < bytes.count, Self.isNameByte(bytes[cursor], first: cursor == nameStart) { cursor += 1 }
            guard cursor > nameStart else { return nil }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
            index = cursor
            let binding = lookup(name)
            let reference = VariableReference(name: name, modifier: nil, word: nil,
                                              sourceRange: text.offsets[dollar]..<(text.offsets[cursor - 1] + 1),
                                              binding: binding)
            var value = EvaluatedWord()
            if let known = binding?.value { value.appendExpansion(Self.attributed(known, to: text.offsets[dollar])) }
            return (value, reference)
        }
        cursor += 1
        let nameStart = cursor
        while cursor < bytes.count, Self.isNameByte(bytes[cursor], first: cursor == nameStart) { cursor += 1 }
        guard cursor > nameStart, cursor < bytes.count else { return nil }
        let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
        var modifier: String? = nil
        var modifierWord: EvaluatedWord? = nil
        if bytes[cursor] != UInt8(ascii: "}") {
            var operatorBytes: [UInt8] = [bytes[cursor]]
            cursor += 1
            let first = operatorBytes[0]
            if first == UInt8(ascii: ":") || first == UInt8(ascii: "#") || first == UInt8(ascii: "%")
                || first == UInt8(ascii: "/"), cursor < bytes.count,
               (first == UInt8(ascii: ":") && [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "=")].contains(bytes[cursor]))
                || (first != UInt8(ascii: ":") && bytes[cursor] == first) {
                operatorBytes.append(bytes[cursor])
                cursor += 1
            }
            modifier = String(decoding: operatorBytes, as: UTF8.self)
            modifierWord = evaluate(text, index: &cursor, stopAt: UInt8(ascii: "}"))
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "}") else { return nil }
        index = cursor + 1
        let binding = lookup(name)
        let reference = VariableReference(name: name, modifier: modifier, word: modifierWord,
                                          sourceRange: text.offsets[dollar]..<(text.offsets[cursor] + 1),
                                          binding: binding)
        let known = binding?.value
        let isSet = known != nil
        let isNonEmpty = !(known?.isEmpty ?? true)
        var value = EvaluatedWord()
        let current = known.map { Self.attributed($0, to: text.offsets[dollar]) } ?? MappedText()
        switch modifier {
        case ":-", ":=": if isNonEmpty { value.appendExpansion(current) } else if let modifierWord { value.append(modifierWord) }
        case "-", "=": if isSet { value.appendExpansion(current) } else if let modifierWord { value.append(modifierWord) }
        case ":+": if isNonEmpty, let modifierWord { value.append(modifierWord) }
        case "+": if isSet, let modifierWord { value.append(modifierWord) }
        default: value.appendExpansion(current)
        }
        return (value, reference)
    }

    /// An expanded value is reported at the reference that produced it.
    static func attributed(_ value: MappedText, to offset: Int) -> MappedText {
        var result = MappedText()
        result.append(value.bytes, allAt: offset)
        return result
    }

    static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
        default: false
        }
    }
}
