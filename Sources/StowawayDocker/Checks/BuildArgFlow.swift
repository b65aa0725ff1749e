/// Secret-like `ARG`s without a literal value that reach `RUN`: the value passed with `--build-arg` is recorded in the
/// image history, so each is reported with the rewrite of the `RUN` that uses it.
extension DockerfileChecker {
    mutating func checkBuildArgFlow(_ state: StageState) {
        for argument in state.args where !state.argsReportedThroughEnv.contains(argument.name) {
            let later = state.runs.filter { $0.line > argument.line }
            guard !later.isEmpty, !later.contains(where: { $0.secretEnvironment.contains(argument.name) }) else { continue }
            let using = later.first { $0.references.contains(argument.name) }
            // Not named by any RUN but a secret mount is there: the ARG is a leftover, the secret travels safely.
            if using == nil, later.contains(where: \.hasSecretMount) { continue }
            guard let run = using ?? later.first else { continue }
            let id = argument.name.lowercased()
            let how = using != nil ? "uses it" : "gets it in its environment"
            let message = "ARG \(argument.name) (line \(argument.line)) carries a secret and RUN at line \(run.line) \(how): "
                + "a value passed with --build-arg is recorded in the image history. Fix: delete line \(argument.line) and "
                + "write line \(run.line) as `\(Self.securedRun(run.instruction, id: id, name: argument.name))`, then build with "
                + "`docker build --secret id=\(id),env=\(argument.name) .`"
            sink.add(DockerRules.argSecretBuildArg, secret: "ARG:\(argument.name)", range: argument.range,
                     message: message,
                     allowMarkerLines: argument.comments)
        }
    }

    /// The RUN rewritten to take the secret from a mount.
    static func securedRun(_ instruction: Instruction, id: String, name: String) -> String {
        var parts = ["RUN"]
        parts += instruction.flags.map { flag in "--\(flag.name)" + (flag.value.map { "=" + $0.string } ?? "") }
        parts.append("--mount=type=secret,id=\(id),env=\(name)")
        var command = instruction.arguments.string.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            .joined(separator: " ")
        if command.count > 80 { command = String(command.prefix(77)) + "..." }
        parts.append(command)
        return parts.joined(separator: " ")
    }
}
