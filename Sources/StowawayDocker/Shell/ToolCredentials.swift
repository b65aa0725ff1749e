/// The client tools that take a credential on the command line, each read by its own options.
extension InlineCredentialDetector {
    static func programCredentials(_ invocation: Invocation, commands: [SimpleCommand], position: Int)
        -> [CommandCredential]
    {
        let program = invocation.program
        let arguments = invocation.arguments
        var found: [CommandCredential] = []
        func literal(_ label: String, _ value: MappedText?) {
            guard let value, SecretValue.isLiteralSecret(value.string, evidence: .structure) else { return }
            found.append(CommandCredential(kind: .literal, label: label, value: value))
        }
        func passwordOfUserPass(_ value: MappedText) -> MappedText? {
            guard let colon = value.bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            return value[(colon + 1)..<value.count]
        }
        switch program {
        case "curl":
            for (name, value) in invocation.options(["-u", "--user", "-U", "--proxy-user"], attachedShort: true, clustered: true) {
                literal("curl \(name) password", passwordOfUserPass(value))
            }
            for (_, value) in invocation.options(["-H", "--header", "--proxy-header"], attachedShort: false) {
                if let credential = headerCredential(value) { literal("curl \(credential.label)", credential.value) }
            }
            for (name, value) in invocation.options(["--oauth2-bearer", "--pass", "--aws-sigv4-secret"], attachedShort: false) {
                literal("curl \(name)", value)
            }
            for (name, value) in invocation.options(["-d", "--data", "--data-raw", "--data-binary", "--data-urlencode",
                                                     "-F", "--form", "--json"], attachedShort: false) {
                for embedded in EmbeddedCredentials.find(in: value.bytes) {
                    found.append(CommandCredential(kind: .literal, label: "\(embedded.label) in curl \(name)",
                                                   value: value[embedded.range]))
                }
            }
        case "wget":
            for (name, value) in invocation.options(["--password", "--http-password", "--ftp-password", "--proxy-password"],
                                                    attachedShort: false) {
                literal("wget \(name)", value)
            }
            for (_, value) in invocation.options(["--header"], attachedShort: false) {
                if let credential = headerCredential(value) { literal("wget \(credential.label)", credential.value) }
            }
        case "docker", "podman", "buildah", "nerdctl", "helm", "oras", "crane", "regctl", "finch", "az", "cosign",
             "skopeo", "notation", "singularity", "apptainer":
            if invocation.arguments.contains(where: { $0.string == "login" }) {
                for (name, value) in invocation.options(["-p", "--password"], attachedShort: false) {
                    literal("\(program) login \(name)", value)
                }
                if invocation.arguments.contains(where: { $0.string == "--password-stdin" }),
                   let piped = command(pipedInto: position, commands: commands) {
                    for value in echoedValues(piped) { literal("password piped into \(program) login", value) }
                }
            }
            for (name, value) in invocation.options(["--creds", "--src-creds", "--dest-creds", "--registry-token"],
                                                    attachedShort: false) {
                literal("\(program) \(name)", name == "--registry-token" ? value : passwordOfUserPass(value))
            }
        case "npm", "pnpm", "yarn":
            found += packageManagerConfig(invocation)
        case "mysql", "mysqladmin", "mysqldump", "mysqlimport", "mysqlshow", "mysqlcheck", "mysqlpump", "mariadb",
             "mariadb-dump", "mariadb-admin", "mysqlsh":
            for word in arguments {
                let text = word.string
                if text.hasPrefix("-p"), text.count > 2, !text.hasPrefix("--") {
                    literal("\(program) -p password", word.value[2..<word.value.count])
                }
            }
            for (name, value) in invocation.options(["--password"], attachedShort: false) where name == "--password" {
                literal("\(program) --password", value)
            }
        case "sshpass":
            for (name, value) in invocation.options(["-p"], attachedShort: true) { literal("sshpass \(name)", value) }
        case "redis-cli", "keydb-cli":
            for (name, value) in invocation.options(["-a", "--pass", "--user-pass"], attachedShort: false) {
                literal("\(program) \(name)", value)
            }
        case "redis-server", "keydb-server":
            for (name, value) in invocation.options(["--requirepass", "--masterauth"], attachedShort: false) {
                literal("\(program) \(name)", value)
            }
        case "mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport", "mongostat", "mongotop":
            for (name, value) in invocation.options(["-p", "--password"], attachedShort: false) {
                literal("\(program) \(name)", value)
            }
        case "htpasswd":
            if arguments.contains(where: { word in
                let text = word.string
                return text.hasPrefix("-") && !text.hasPrefix("--") && text.contains("b")
            }), let last = arguments.last, arguments.count >= 3 {
                literal("htpasswd -b password", last.value)
            }
        case "openssl":
            // `openssl passwd -6 S3cret` hashes the password given as the last argument.
            if arguments.first?.string == "passwd", let last = arguments.last, arguments.count >= 2,
               !last.string.hasPrefix("-") {
                literal("openssl passwd password", last.value)
            }
            for (name, value) in invocation.options(["-passin", "-passout", "-pass", "-password", "-k", "-kfile"],
                                                    attachedShort: false) where name != "-kfile" {
                if value.string.hasPrefix("pass:") {
                    literal("openssl \(name) pass:", value[5..<value.count])
                } else if name == "-k" {
                    literal("openssl -k", value)
                }
            }
        case "keytool":
            for (name, value) in invocation.options(["-storepass", "-keypass", "-srcstorepass", "-deststorepass",
                                                     "-srckeypass", "-destkeypass", "-new"], attachedShort: false) {
                literal("keytool \(name)", value)
            }
        case "composer":
            if let configIndex = arguments.firstIndex(where: { $0.string == "config" }) {
                let rest = arguments[(configIndex + 1)...].filter { !$0.string.hasPrefix("-") }
                if let key = rest.first?.string {
                    if key.hasPrefix("http-basic."), rest.count >= 3 {
                        literal("composer \(key) password", rest[rest.startIndex + 2].value)
                    } else if key.hasPrefix("github-oauth.") || key.hasPrefix("gitlab-token.")
                                || key.hasPrefix("gitlab-oauth.") || key.hasPrefix("bearer."), rest.count >= 2 {
                        literal("composer \(key)", rest[rest.startIndex + 1].value)
                    }
                }
            }
        case "poetry":
            if let configIndex = arguments.firstIndex(where: { $0.string == "config" }) {
                let rest = arguments[(configIndex + 1)...].filter { !$0.string.hasPrefix("-") }
                if let key = rest.first?.string {
                    if key.hasPrefix("http-basic."), rest.count >= 3 {
                        literal("poetry \(key) password", rest[rest.startIndex + 2].value)
                    } else if key.hasPrefix("pypi-token."), rest.count >= 2 {
                        literal("poetry \(key)", rest[rest.startIndex + 1].value)
                    }
                }
            }
        case "bundle":
            if let configIndex = arguments.firstIndex(where: { $0.string == "config" }) {
                let rest = arguments[(configIndex + 1)...].filter { !$0.string.hasPrefix("-") && $0.string != "set" }
                if rest.count >= 2, rest.first?.string.contains(".") == true,
                   let password = passwordOfUserPass(rest[rest.startIndex + 1].value) {
                    literal("bundle config credentials", password)
                }
            }
        case "dotnet", "nuget":
            for (name, value) in invocation.options(["-p", "--password", "-Password"], attachedShort: false) {
                literal("\(program) \(name)", value)
            }
        case "aws":
            if let setIndex = arguments.firstIndex(where: { $0.string == "set" }), setIndex + 2 < arguments.count,
               arguments.contains(where: { $0.string == "configure" }) {
                let key = arguments[setIndex + 1].string
                if SecretName.isSecret(key.split(separator: ".").last.map(String.init) ?? key) {
                    literal("aws configure \(key)", arguments[setIndex + 2].value)
                }
            }
        case "kubectl", "oc":
            for (_, value) in invocation.options(["--from-literal"], attachedShort: false) {
                if let equals = value.bytes.firstIndex(of: UInt8(ascii: "=")) {
                    let key = String(decoding: value.bytes[0..<equals], as: UTF8.self)
                    let secret = value[(equals + 1)..<value.count]
                    if SecretName.isSecret(key) || SecretValue.isLiteralSecret(secret.string) {
                        literal("\(program) --from-literal=\(key)", secret)
                    }
                }
            }
        case "chpasswd":
            if let piped = command(pipedInto: position, commands: commands) {
                for value in echoedValues(piped) {
                    for line in CredentialFiles.lines(value.bytes) {
                        if let colon = value.bytes[line].firstIndex(of: UInt8(ascii: ":")) {
                            literal("password piped into chpasswd", value[(colon + 1)..<line.upperBound])
                        }
                    }
                }
            }
        case "gh":
            if arguments.contains(where: { $0.string == "--with-token" }),
               let piped = command(pipedInto: position, commands: commands) {
                for value in echoedValues(piped) { literal("token piped into gh auth login", value) }
            }
        case "git":
            for word in arguments where word.string.lowercased().contains("authorization:") {
                if let credential = headerCredential(word.value) { literal("git \(credential.label)", credential.value) }
            }
        default:
            break
        }
        return found
    }

    /// `npm config set //registry/:_authToken VALUE` (or `KEY=VALUE`), `yarn config set npmAuthToken VALUE`.
    static func packageManagerConfig(_ invocation: Invocation) -> [CommandCredential] {
        let arguments = invocation.arguments.filter { !$0.string.hasPrefix("-") }
        guard let setIndex = arguments.firstIndex(where: { $0.string == "set" }) else { return [] }
        let rest = Array(arguments[(setIndex + 1)...])
        guard let keyWord = rest.first else { return [] }
        var key = keyWord.string
        var value: MappedText? = rest.count > 1 ? rest[1].value : nil
        if let equals = keyWord.value.bytes.firstIndex(of: UInt8(ascii: "=")) {
            key = String(decoding: keyWord.value.bytes[0..<equals], as: UTF8.self)
            value = keyWord.value[(equals + 1)..<keyWord.value.count]
        }
        let setting = key.split(separator: ":").last.map(String.init) ?? key
        let normalized = setting.hasPrefix("_") ? String(setting.dropFirst()) : setting
        guard let value, SecretName.isSecret(normalized) || setting == "_auth" else { return [] }
        if SecretValue.isLiteralSecret(value.string, evidence: .structure) {
            return [CommandCredential(kind: .literal, label: "\(invocation.program) config \(setting)", value: value)]
        }
        if SecretValue.isReference(value.string) {
            return [CommandCredential(kind: .fileLeftInLayer, label: "\(invocation.program) config set \(setting) (writes ~/.npmrc)",
                                      value: value)]
        }
        return []
    }

    /// `Authorization: Bearer X`, `PRIVATE-TOKEN: X`, `X-API-Key: X` → X.
    static func headerCredential(_ header: MappedText) -> (label: String, value: MappedText)? {
        guard let colon = header.bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = String(decoding: header.bytes[0..<colon], as: UTF8.self).trimmingCharacters(in: " \t")
        var start = colon + 1
        while start < header.count, header.bytes[start] == 0x20 { start += 1 }
        guard start < header.count else { return nil }
        let lower = name.lowercased()
        if lower.hasSuffix("authorization") {
            var credentialStart = start
            if let space = header.bytes[start...].firstIndex(of: 0x20) {
                credentialStart = space + 1
                while credentialStart < header.count, header.bytes[credentialStart] == 0x20 { credentialStart += 1 }
            }
            guard credentialStart < header.count else { return nil }
            return ("\(name) header", header[credentialStart..<header.count])
        }
        guard SecretName.isSecret(name) else { return nil }
        return ("\(name) header", header[start..<header.count])
    }
}
