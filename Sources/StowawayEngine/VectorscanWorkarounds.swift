/// Rewrites applied to the expression vectorscan compiles (never to the PCRE2 pattern that confirms).
///
/// Vectorscan 5.4.9 (Debian 12's libvectorscan) misses matches of "any character but newline" (`.`, `[^\n]`, `\N`)
/// repeated 64 times or more when a newline follows: `u:\n[^\n]*\nx` does not match `u:\n` + 64 × `A` + `\nx`
/// (upstream VectorCamp/vectorscan#382). The class `[^\n\x00]` does not take the faulty path, and differs only on
/// NUL bytes, which text lines do not hold. PCRE2 still confirms with the original pattern.
enum VectorscanWorkarounds {
    static let notNewline = #"[^\n\x00]"#

    static func rewrite(_ pattern: String) -> String {
        // In dot-all mode `.` is every byte: not the faulty class.
        let dotAll = pattern.contains("(?s")
        let characters = Array(pattern)
        var output = ""
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                if !inClass, characters[index + 1] == "N" {
                    output += notNewline
                } else {
                    output.append(character)
                    output.append(characters[index + 1])
                }
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                output.append(character)
                index += 1
                continue
            }
            if character == "[" {
                if characters[index...].starts(with: Array(#"[^\n]"#)) {
                    output += notNewline
                    index += 5
                    continue
                }
                inClass = true
                output.append(character)
                index += 1
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if index < characters.count, characters[index] == "^" {
                    output.append("^")
                    index += 1
                }
                if index < characters.count, characters[index] == "]" {
                    output.append("]")
                    index += 1
                }
                continue
            }
            if character == ".", !dotAll {
                output += notNewline
            } else {
                output.append(character)
            }
            index += 1
        }
        return output
    }
}
