/// Where decoding pays off. Base64 and hex: configuration and script files, where encoded credentials are stored on purpose
/// (Kubernetes data, CI variables, kubeconfigs, basic-auth headers). Minified code, lock files and large files are full
/// of base64 that is never a secret, and decoding them would cost time on every scan.
public enum DecodingPolicy {
    static let maximumSize = 2 * 1024 * 1024

    /// Configuration, infrastructure and script files. Source code is left out: a base64 literal in code is far more
    /// often an image, a test vector or a hash than an encoded credential, and decoding every source file cost a
    /// tenth of a tree scan.
    static let extensions: Set<String> = [
        "yaml", "yml", "json", "env", "properties", "ini", "cfg", "conf", "config", "toml", "xml", "tf", "tfvars",
        "hcl", "sh", "bash", "zsh", "ps1", "bat", "cmd", "netrc", "npmrc", "pypirc", "dockercfg", "kubeconfig",
        "http", "rest", "service", "cnf", "tpl",
    ]

    static let excludedSuffixes = [".min.js", ".min.css", ".map", "-lock.json", ".lock", "package-lock.json"]

    /// Percent-encoding and `\u`/`\x` escapes are looked for in every text file but minified bundles, lock files and
    /// source maps: finding them is one `memchr` pass when there are none, and a URL-encoded password or a JSON-escaped
    /// token is as likely in source code as in configuration.
    public static func decodesEscapes(path: String, size: Int) -> Bool {
        guard size <= maximumSize else { return false }
        // Bytes only, no allocation, no generic suffix views: this runs for every scanned file.
        var path = path
        return path.withUTF8 { bytes in
            guard let last = bytes.last, last >= 65 else { return true }  // every excluded name ends in a letter
            return !excludedSuffixBytes.contains { suffix in
                guard bytes.count >= suffix.count else { return false }
                let start = bytes.count - suffix.count
                for offset in 0..<suffix.count {
                    let byte = bytes[start + offset]
                    if (byte >= 65 && byte <= 90 ? byte + 32 : byte) != suffix[offset] { return false }
                }
                return true
            }
        }
    }

    static let excludedSuffixBytes = excludedSuffixes.map { Array($0.utf8) }

    /// Hex-encoded text is decoded where base64 is (configuration and scripts).
    public static func decodesHex(path: String, size: Int) -> Bool { decodesBase64(path: path, size: size) }

    public static func decodesBase64(path: String, size: Int) -> Bool {
        guard size <= maximumSize else { return false }
        // Bytes, no allocation for nearly every path: this runs for every scanned file.
        var path = path
        return path.withUTF8 { bytes in
            var nameStart = bytes.count
            while nameStart > 0, bytes[nameStart - 1] != UInt8(ascii: "/") { nameStart -= 1 }
            var dot = bytes.count - 1
            while dot >= nameStart, bytes[dot] != UInt8(ascii: ".") { dot -= 1 }
            guard dot >= nameStart else { return true }  // Dockerfile, Makefile
            if dot == nameStart { return true }  // dotfiles: .env, .npmrc, .dockercfg
            // Extension first: it rules out nearly every source file.
            let extensionBytes = UnsafeBufferPointer(rebasing: bytes[(dot + 1)...])
            guard extensionBytes.count <= longestExtension,
                  extensionByteSet.contains(where: { known in
                      known.count == extensionBytes.count
                          && zip(known, extensionBytes).allSatisfy { $0 == ($1 >= 65 && $1 <= 90 ? $1 + 32 : $1) }
                  })
            else { return false }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart...]), as: UTF8.self).lowercased()
            return !excludedSuffixes.contains(where: { name.hasSuffix($0) })
        }
    }

    static let extensionByteSet = extensions.map { Array($0.utf8) }
    static let longestExtension = extensions.map(\.utf8.count).max() ?? 0
}
