/// A parsed Dockerfile: its parser directives and its instructions in order, each with exact source positions.
public struct Dockerfile: Sendable {
    public var directives: [ParserDirective]
    /// The escape character (`\` unless `# escape=` says `` ` ``).
    public var escape: UInt8
    public var instructions: [Instruction]

    /// Instructions grouped by build stage. Instructions before the first `FROM` (global `ARG`s) are `globals`.
    public var globals: [Instruction] {
        Array(instructions.prefix { $0.keyword != "FROM" })
    }

    public var stages: [[Instruction]] {
        var stages: [[Instruction]] = []
        for instruction in instructions.drop(while: { $0.keyword != "FROM" }) {
            if instruction.keyword == "FROM" { stages.append([]) }
            stages[stages.count - 1].append(instruction)
        }
        return stages
    }
}

/// `# escape=`, `# syntax=`, `# check=` at the top of the file.
public struct ParserDirective: Sendable, Hashable {
    public var name: String
    public var value: String
    public var line: Int
}

/// One instruction after continuation lines are joined (and, for `RUN`/`COPY`/`ADD`, heredoc bodies collected).
public struct Instruction: Sendable {
    /// Upper-cased: `FROM`, `RUN`, `ENV`, …; for `ONBUILD X`, the keyword of the wrapped instruction.
    public var keyword: String
    /// True when the instruction was written as `ONBUILD <instruction>`.
    public var isOnBuild = false
    /// Leading `--name=value` options (`--mount=…`, `--from=…`, `--platform=…`).
    public var flags: [InstructionFlag]
    /// Everything after the keyword and the flags, continuation lines joined, trimmed.
    public var arguments: MappedText
    /// The decoded strings when the arguments are in JSON (exec) form: `["sh", "-c", "…"]`.
    public var execForm: [MappedText]?
    public var heredocs: [Heredoc]
    /// First and last source line (1-based), heredoc bodies included.
    public var line: Int
    public var endLine: Int
    /// The comment lines directly above the instruction and those inside its continuation lines: Dockerfiles have no
    /// trailing comments, so this is where an inline `stowaway:allow` marker can sit.
    public var comments: [String]

    public func flag(_ name: String) -> [InstructionFlag] { flags.filter { $0.name == name } }
}

/// `--name=value` (or a bare `--name`) before an instruction's arguments.
public struct InstructionFlag: Sendable {
    public var name: String
    public var value: MappedText?
}

/// A here-document: `<<EOF` … `EOF`, `<<-EOF` (leading tabs stripped), `<<"EOF"` (no expansion).
public struct Heredoc: Sendable {
    public var name: String
    /// Quoted delimiters (`<<'EOF'`, `<<"EOF"`) turn off variable expansion in the body.
    public var isQuoted: Bool
    public var stripsTabs: Bool
    /// The body without its terminator line; each byte keeps its source offset.
    public var body: MappedText
}
