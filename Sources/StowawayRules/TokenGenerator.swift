import StowawayCore

/// Makes deterministic pseudo-random strings from a small regex subset, so rule examples can show token-shaped values
/// without the repository holding any (push protection would block real-looking tokens).
///
/// Supported: literal characters, escapes (`\d \w \s \. \- \\` …), classes with ranges (`[A-Za-z0-9_-]`, `[^…]` is
/// not supported), and quantifiers `{n}`, `{n,m}`, `?`, `+` (1–8) and `*` (0–8).
public struct TokenGenerator {
    private var state: UInt64

    public init(seed: String) {
        // FNV-1a of the seed, so each example gets its own but reproducible values.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        state = hash
    }

    /// SplitMix64: tiny, fast, and good enough for test data.
    private mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func pick(_ count: Int) -> Int { Int(next() % UInt64(count)) }

    public mutating func generate(_ spec: String) throws(ExampleSyntaxError) -> String {
        // Named generators for formats a regex cannot express: `@crc32-base62:ghp_` is the prefix, 30 random base62
        // characters and the 6-character base62 CRC32 of those 30 that GitHub and npm tokens end with.
        if spec.hasPrefix("@crc32-base62:") {
            let prefix = String(spec.dropFirst("@crc32-base62:".count))
            let random = try generate("[A-Za-z0-9]{30}")
            return prefix + random + Checksums.crc32Base62Tail(Array(random.utf8))
        }
        // `@gitlab-routable:glpat-`: a GitLab routable token (16 random bytes, an `o:<id>` routing payload, length and
        // CRC32 tail), see `Checksums.gitlabRoutableToken`.
        if spec.hasPrefix("@gitlab-routable:") {
            let prefix = String(spec.dropFirst("@gitlab-routable:".count))
            let random = (0..<16).map { _ in UInt8(truncatingIfNeeded: next()) }
            let organisation = String(next() % 100_000_000, radix: 36)
            return Checksums.gitlabRoutableToken(prefix: prefix, randomBytes: random, routingPayload: "o:" + organisation)
        }
        if spec.hasPrefix("@") {
            throw ExampleSyntaxError(
                message: "unknown named generator `\(spec)` (known: @crc32-base62:PREFIX, @gitlab-routable:PREFIX)")
        }
        let characters = Array(spec)
        var index = 0
        var output = ""
        while index < characters.count {
            let alphabet: [Character]
            switch characters[index] {
            case "\\":
                guard index + 1 < characters.count else {
                    throw ExampleSyntaxError(message: "generator `\(spec)` ends with a lone backslash")
                }
                alphabet = Self.escapeClass(characters[index + 1])
                index += 2
            case "[":
                guard let close = characters[(index + 1)...].firstIndex(of: "]") else {
                    throw ExampleSyntaxError(message: "generator `\(spec)` has an unclosed `[`")
                }
                alphabet = try Self.classMembers(Array(characters[(index + 1)..<close]), spec: spec)
                index = close + 1
            case "(", ")", "|", "^", "$":
                throw ExampleSyntaxError(message: "generator `\(spec)`: groups, alternation and anchors are not supported")
            default:
                alphabet = [characters[index]]
                index += 1
            }
            var low = 1
            var high = 1
            if index < characters.count {
                switch characters[index] {
                case "{":
                    guard let close = characters[(index + 1)...].firstIndex(of: "}") else {
                        throw ExampleSyntaxError(message: "generator `\(spec)` has an unclosed `{`")
                    }
                    let parts = String(characters[(index + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
                    guard let first = Int(parts[0]), parts.count <= 2 else {
                        throw ExampleSyntaxError(message: "generator `\(spec)` has a bad count")
                    }
                    low = first
                    high = parts.count == 2 ? (Int(parts[1]) ?? first + 8) : first
                    index = close + 1
                case "?": (low, high) = (0, 1); index += 1
                case "+": (low, high) = (1, 8); index += 1
                case "*": (low, high) = (0, 8); index += 1
                default: break
                }
            }
            guard low <= high, high <= 100_000 else {
                throw ExampleSyntaxError(message: "generator `\(spec)` has a bad count")
            }
            let count = low + pick(high - low + 1)
            for _ in 0..<count { output.append(alphabet[pick(alphabet.count)]) }
        }
        return output
    }

    private static let digits = Array("0123456789")
    private static let word = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")

    private static func escapeClass(_ character: Character) -> [Character] {
        switch character {
        case "d": digits
        case "w": word
        case "s": [" "]
        default: [character]
        }
    }

    private static func classMembers(_ body: [Character], spec: String) throws(ExampleSyntaxError) -> [Character] {
        if body.first == "^" {
            throw ExampleSyntaxError(message: "generator `\(spec)`: negated classes are not supported")
        }
        var members: [Character] = []
        var index = 0
        while index < body.count {
            var character = body[index]
            if character == "\\", index + 1 < body.count {
                let escaped = escapeClass(body[index + 1])
                if escaped.count > 1 {
                    members += escaped
                    index += 2
                    continue
                }
                character = body[index + 1]
                index += 1
            }
            if index + 2 < body.count, body[index + 1] == "-",
               let low = character.unicodeScalars.first?.value, let high = body[index + 2].unicodeScalars.first?.value,
               low <= high
            {
                for value in low...high { if let scalar = Unicode.Scalar(value) { members.append(Character(scalar)) } }
                index += 3
            } else {
                members.append(character)
                index += 1
            }
        }
        guard !members.isEmpty else { throw ExampleSyntaxError(message: "generator `\(spec)` has an empty class") }
        return members
    }
}
