/// Where decoding base64 pays off: configuration and script files, where encoded credentials are stored on purpose
/// (Kubernetes data, CI variables, kubeconfigs, basic-auth headers). Minified code, lock files and large files are full
/// of base64 that is never a secret, and decoding them would cost time on every scan.
public enum DecodingPolicy {
    static let maximumSize = 2 * 1024 * 1024

    static let extensions: Set<String> = [
        "yaml", "yml", "json", "env", "properties", "ini", "cfg", "conf", "config", "toml", "xml", "tf", "tfvars",
        "hcl", "sh", "bash", "zsh", "ps1", "bat", "cmd", "txt", "netrc", "npmrc", "pypirc", "dockercfg", "kubeconfig",
        "py", "rb", "go", "java", "kt", "kts", "cs", "php", "swift", "js", "ts", "groovy", "gradle", "http", "rest",
        "pem", "key", "pub", "service", "plist", "cnf", "log",
    ]

    static let excludedSuffixes = [".min.js", ".min.css", ".map", "-lock.json", ".lock", "package-lock.json"]

    public static func decodesBase64(path: String, size: Int) -> Bool {
        guard size <= maximumSize else { return false }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = name.lowercased()
        if excludedSuffixes.contains(where: { lower.hasSuffix($0) }) { return false }
        guard let dot = lower.lastIndex(of: ".") else { return true }  // Dockerfile, Makefile, .env-like names
        if dot == lower.startIndex { return true }  // dotfiles: .env, .npmrc, .dockercfg
        return extensions.contains(String(lower[lower.index(after: dot)...]))
    }
}
