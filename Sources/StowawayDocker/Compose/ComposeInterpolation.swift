/// A Compose value read the way Compose interpolates it: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?error}`, `${VAR:+alternative}`, and `$$` for a literal `$`.
struct ComposeInterpolation: Sendable {
    /// The value with references removed and `$$` unescaped.
    var literalText = ""
    var referenceCount = 0
    /// Literal defaults and alternatives (`${VAR:-default}`): used when the variable is unset, so hard-coded.
    var literalDefaults: [String] = []

    var isLiteral: Bool { referenceCount == 0 }

    init(_ value: String) {
        let bytes = Array(value.utf8)
        var literal: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "$"), index + 1 < bytes.count else {
                literal.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "$") {
                literal.append(next)
                index += 2
            } else if next == UInt8(ascii: "{") {
                var depth = 0
                var end = index + 1
                while end < bytes.count {
                    if bytes[end] == UInt8(ascii: "{") { depth += 1 }
                    if bytes[end] == UInt8(ascii: "}") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    end += 1
                }
                let body = String(decoding: bytes[(index + 2)..<min(end, bytes.count)], as: UTF8.self)
                referenceCount += 1
                for separator in [":-", "-", ":+", "+"] {
                    if let range = body.range(of: separator),
                       body[..<range.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                        let fallback = ComposeInterpolation(String(body[range.upperBound...]))
                        if fallback.isLiteral, !fallback.literalText.isEmpty { literalDefaults.append(fallback.literalText) }
                        literalDefaults += fallback.literalDefaults
                        break
                    }
                }
                index = end + 1
            } else if WordEvaluator.isNameByte(next, first: true) {
                var end = index + 1
                while end < bytes.count, WordEvaluator.isNameByte(bytes[end], first: false) { end += 1 }
                referenceCount += 1
                index = end
            } else {
                literal.append(byte)
                index += 1
            }
        }
        literalText = String(decoding: literal, as: UTF8.self)
    }
}
