/// A simple command seen as "program + arguments", after wrappers that only change how it runs (`sudo`, `env`,
/// `exec`, `nohup`, `time`, `command`).
struct Invocation: Sendable {
    /// Base name of the program (`/usr/bin/curl` → `curl`).
    var program: String
    var arguments: [ShellWord]
    /// `NAME=value` words given to `env` (they set the program's environment like leading assignments do).
    var environment: [ShellWord] = []

    init?(_ command: SimpleCommand) {
        var words = command.words[...]
        while let first = words.first {
            let name = Self.baseName(first.string)
            guard Self.wrappers.contains(name) else { break }
            words = words.dropFirst()
            // Wrapper options (`sudo -u app`, `env -i`) and `env NAME=value` assignments come before the program.
            while let option = words.first?.string, option.hasPrefix("-") || (name == "env" && option.contains("=")) {
                if !option.hasPrefix("-"), let assignment = words.first { environment.append(assignment) }
                words = words.dropFirst()
                if name == "sudo", ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"].contains(option) {
                    words = words.dropFirst()
                }
            }
        }
        guard let first = words.first else { return nil }
        // Only options (`args: ["--requirepass", …]`): they go to the image's entrypoint, whose name is unknown.
        if first.string.hasPrefix("-") {
            program = ""
            arguments = Array(words)
            return
        }
        program = Self.baseName(first.string)
        arguments = Array(words.dropFirst())
    }

    static let wrappers: Set<String> = ["sudo", "env", "exec", "nohup", "time", "command", "builtin", "nice", "doas"]

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The script of `sh -c '…'` / `bash -lc "…"`.
    var shellScript: MappedText? {
        guard ["sh", "bash", "ash", "dash", "zsh", "ksh"].contains(program) else { return nil }
        for (index, word) in arguments.enumerated() {
            let text = word.string
            if text.hasPrefix("-"), !text.hasPrefix("--"), text.contains("c"), index + 1 < arguments.count {
                return arguments[index + 1].value
            }
        }
        return nil
    }

    /// Values of the options `names`: `-u value`, `--user value`, `--user=value`, and (when `attachedShort`)
    /// `-uvalue`.
    /// With `clustered`, short flags may be grouped and the option last (`-fsu user:pass`).
    func options(_ names: [String], attachedShort: Bool, clustered: Bool = false) -> [(name: String, value: MappedText)] {
        var values: [(String, MappedText)] = []
        for (index, word) in arguments.enumerated() {
            let text = word.value
            for name in names {
                let nameBytes = Array(name.utf8)
                let isCluster = clustered && nameBytes.count == 2 && text.count > 2 && text.bytes[0] == UInt8(ascii: "-")
                    && text.bytes.last == nameBytes[1]
                    && text.bytes.dropFirst().allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) }
                if text.bytes == nameBytes || isCluster {
                    if index + 1 < arguments.count { values.append((name, arguments[index + 1].value)) }
                } else if text.bytes.starts(with: nameBytes + [UInt8(ascii: "=")]) {
                    values.append((name, text[(nameBytes.count + 1)..<text.count]))
                } else if attachedShort, nameBytes.count == 2, !name.hasPrefix("--"), text.count > 2,
                          text.bytes.starts(with: nameBytes) {
                    values.append((name, text[2..<text.count]))
                }
            }
        }
        return values
    }
}
