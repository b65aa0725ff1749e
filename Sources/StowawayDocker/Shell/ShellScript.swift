/// A word of a shell command after quote removal. Expansions (`$X`, `${X}`, `$(…)`, `` `…` ``) are kept as written so
/// a value that is (or contains) one is recognised as a reference, not a literal.
struct ShellWord: Sendable {
    var value = MappedText()
    var hasExpansion = false

    var string: String { value.string }
}

/// `> file`, `>> file`, `< file`, `<<< word`, or `<<EOF` (then `heredoc` is the index of the body among the
/// instruction's heredocs).
struct ShellRedirection: Sendable {
    var operation: String
    var target: ShellWord?
    var heredoc: Int?
}

/// One simple command: leading `NAME=value` assignments, the words, its redirections, and the command whose output it
/// reads through a pipe.
struct SimpleCommand: Sendable {
    var assignments: [ShellWord] = []
    var words: [ShellWord] = []
    var redirections: [ShellRedirection] = []
    /// Index (in the script's command list) of the command piped into this one.
    var pipedFrom: Int?
    /// The scripts inside `$(…)` and `` `…` `` in this command's words: commands of their own.
    var substitutions: [MappedText] = []

    var isEmpty: Bool { assignments.isEmpty && words.isEmpty && redirections.isEmpty }
}

/// Splits a POSIX shell script (a `RUN` line, a heredoc body, a `sh -c` argument) into simple commands. Enough of the
/// grammar for finding credentials: quoting, escapes, expansions, `&&`/`||`/`;`/`|`/`&`/newlines, subshell parentheses,
/// comments, redirections and heredoc markers. Control keywords (`if`, `then`, `do`…) are left as words.
enum ShellScript {
    static func commands(in script: MappedText) -> [SimpleCommand] {
        var parser = Parser(text: script)
        return parser.run()
    }

    private struct Parser {
        let text: MappedText
        var bytes: [UInt8] { text.bytes }
        var index = 0
        var commands: [SimpleCommand] = []
        var current = SimpleCommand()
        var heredocCount = 0
        var pipeSource: Int? = nil

        init(text: MappedText) { self.text = text }

        mutating func run() -> [SimpleCommand] {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x20, 0x09, 0x0D:
                    index += 1
                case UInt8(ascii: "\\") where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                    index += 2
                case 0x0A, UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"):
                    finish(piped: false)
                    index += 1
                case UInt8(ascii: "&"):
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                        readRedirection()
                    } else {
                        finish(piped: false)
                        index += index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "&") ? 2 : 1
                    }
                case UInt8(ascii: "|"):
                    let isOr = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "|")
                    finish(piped: !isOr)
                    index += isOr ? 2 : 1
                case UInt8(ascii: "#"):
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                case UInt8(ascii: "<"), UInt8(ascii: ">"):
                    readRedirection()
                case UInt8(ascii: "0")...UInt8(ascii: "9") where startsRedirection(at: index):
                    readRedirection()
                default:
                    let word = readWord()
                    if current.words.isEmpty, isAssignment(word) {
                        current.assignments.append(word)
                    } else {
                        current.words.append(word)
                    }
                }
            }
            finish(piped: false)
            return commands
        }

        mutating func finish(piped: Bool) {
            if !current.isEmpty {
                current.pipedFrom = pipeSource
                commands.append(current)
                pipeSource = piped ? commands.count - 1 : nil
            } else if !piped {
                pipeSource = nil
            }
            current = SimpleCommand()
        }

        func startsRedirection(at position: Int) -> Bool {
            var cursor = position
            while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") { cursor += 1 }
            return cursor < bytes.count && (bytes[cursor] == UInt8(ascii: ">") || bytes[cursor] == UInt8(ascii: "<"))
        }

        mutating func readRedirection() {
            var operation: [UInt8] = []
            while index < bytes.count, [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "|"),
                                        UInt8(ascii: "-")].contains(bytes[index])
                || (operation.isEmpty && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) {
                // `2>&1`: the `&` belongs to the operator; `<<-` strips tabs.
                if bytes[index] == UInt8(ascii: "-"), !operation.elementsEqual(Array("<<".utf8)) { break }
                if bytes[index] == UInt8(ascii: "|"), operation.last != UInt8(ascii: ">") { break }
                operation.append(bytes[index])
                index += 1
            }
            let op = String(decoding: operation.drop(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                            as: UTF8.self)
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            if op == "<<" || op == "<<-" {
                _ = readWord()
                current.redirections.append(ShellRedirection(operation: "<<", target: nil, heredoc: heredocCount))
                heredocCount += 1
                return
            }
            guard index < bytes.count, !isOperator(bytes[index]), bytes[index] != 0x0A else {
                current.redirections.append(ShellRedirection(operation: op, target: nil, heredoc: nil))
                return
            }
            current.redirections.append(ShellRedirection(operation: op, target: readWord(), heredoc: nil))
        }

        func isOperator(_ byte: UInt8) -> Bool {
            [UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "<"), UInt8(ascii: ">")].contains(byte)
        }

        /// A word up to unquoted whitespace or an operator.
        mutating func readWord() -> ShellWord {
            var word = ShellWord()
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || isOperator(byte) { break }
                switch byte {
                case UInt8(ascii: "'"):
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                        word.value.append(bytes[index], offset: text.offsets[index])
                        index += 1
                    }
                    index += 1
                case UInt8(ascii: "\""):
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        let current = bytes[index]
                        if current == UInt8(ascii: "\\"), index + 1 < bytes.count,
                           [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "`"), 0x0A]
                            .contains(bytes[index + 1]) {
                            if bytes[index + 1] != 0x0A { word.value.append(bytes[index + 1], offset: text.offsets[index + 1]) }
                            index += 2
                        } else if current == UInt8(ascii: "$") || current == UInt8(ascii: "`") {
                            copyExpansion(into: &word)
                        } else {
                            word.value.append(current, offset: text.offsets[index])
                            index += 1
                        }
                    }
                    index += 1
                case UInt8(ascii: "\\"):
                    if index + 1 < bytes.count, bytes[index + 1] != 0x0A {
                        word.value.append(bytes[index + 1], offset: text.offsets[index + 1])
                    }
                    index += 2
                case UInt8(ascii: "$"), UInt8(ascii: "`"):
                    copyExpansion(into: &word)
                default:
                    word.value.append(byte, offset: text.offsets[index])
                    index += 1
                }
            }
            return word
        }

        /// Copies `$NAME`, `${…}`, `$(…)` or `` `…` `` as written, and marks the word as holding an expansion.
        mutating func copyExpansion(into word: inout ShellWord) {
            let start = index
            let first = bytes[index]
            index += 1
            if first == UInt8(ascii: "`") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "`") { index += 1 }
                if index > start + 1 { current.substitutions.append(text[(start + 1)..<index]) }
                index = min(index + 1, bytes.count)
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "(") {
                let open = bytes[index]
                let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
                var depth = 0
                var quote: UInt8? = nil
                while index < bytes.count {
                    let byte = bytes[index]
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                        quote = byte
                    } else if byte == open {
                        depth += 1
                    } else if byte == close {
                        depth -= 1
                        if depth == 0 {
                            if open == UInt8(ascii: "("), index > start + 2 {
                                current.substitutions.append(text[(start + 2)..<index])
                            }
                            index += 1
                            break
                        }
                    }
                    index += 1
                }
            } else if index < bytes.count, WordEvaluator.isNameByte(bytes[index], first: true) {
                while index < bytes.count, WordEvaluator.isNameByte(bytes[index], first: false) { index += 1 }
            } else if index < bytes.count, Array("@*#?$!0123456789".utf8).contains(bytes[index]) {
                index += 1
            }
            if index == start + 1 {
                word.value.append(first, offset: text.offsets[start])
                return
            }
            word.value.append(text[start..<index])
            word.hasExpansion = true
        }

        func isAssignment(_ word: ShellWord) -> Bool {
            guard let equals = word.value.bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0 else { return false }
            return word.value.bytes[0..<equals].enumerated().allSatisfy { WordEvaluator.isNameByte($1, first: $0 == 0) }
        }
    }
}
