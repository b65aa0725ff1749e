import StowawayCore
@testable import StowawayDocker

/// Deterministic random-looking secrets made at test time, so the repository holds no credential-shaped literal.
enum Synthetic {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    /// Letters and digits from a seeded generator; always mixed-case with digits, never a placeholder.
    static func secret(_ seed: UInt64, length: Int = 20) -> String {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        var characters: [Character] = []
        while characters.count < length {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            characters.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
        }
        // Guarantee the shapes a credential has (upper, lower, digit) regardless of the draw.
        characters[0] = "Q"
        characters[1] = "7"
        characters[2] = "m"
        return String(characters)
    }

    static func base64(_ text: String) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let bytes = Array(text.utf8)
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (chunk.count > 1 ? UInt32(chunk[1]) << 8 : 0) | (chunk.count > 2 ? UInt32(chunk[2]) : 0)
            output.append(table[Int((value >> 18) & 63)])
            output.append(table[Int((value >> 12) & 63)])
            output.append(chunk.count > 1 ? table[Int((value >> 6) & 63)] : "=")
            output.append(chunk.count > 2 ? table[Int(value & 63)] : "=")
            index += 3
        }
        return output
    }
}

/// Runs the analyzer and keeps the findings of one rule (or all).
func findings(_ text: String, path: String = "Dockerfile", context: BuildContext? = nil, rule: String? = nil)
    -> [SemanticFinding]
{
    let analysis = DockerAnalyzer.analyze(path: path, text: text, context: context)
    return analysis.findings.filter { rule == nil || $0.rule.id == rule }
}

/// The 1-based byte column where `part` starts on line `line` of `text` (what a finding there must report).
func column(of part: String, line: Int, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line - 1 < lines.count else { return nil }
    return Array(lines[line - 1].utf8).firstRange(of: Array(part.utf8)).map { $0.lowerBound + 1 }
}
