/// Credentials inside a value of any name: for one line, URL passwords, `-Dprop=`, `Password=…;` and the like; for a
/// multi-line value (a config file held in YAML), also secret-like `key = value` lines, skipping comment lines.
enum ValueCredentials {
    static func find(in value: String, fileName: String = "") -> [(secret: String, label: String)] {
        // A value holding template directives (Helm's `{{ … }}`) is rendered later; judge the rendered result.
        if value.contains("{{") { return [] }
        let bytes = Array(value.utf8)
        guard bytes.contains(0x0A) else {
            return EmbeddedCredentials.find(in: bytes).map { (String(decoding: bytes[$0.range], as: UTF8.self), $0.label) }
        }
        // Blank out comment lines (same length, so ranges still index `bytes`).
        var visible = bytes
        for line in CredentialFiles.lines(bytes) {
            var start = line.lowerBound
            while start < line.upperBound, visible[start] == 0x20 || visible[start] == 0x09 { start += 1 }
            let rest = bytes[start..<line.upperBound]
            if rest.starts(with: [UInt8(ascii: "#")]) || rest.starts(with: [UInt8(ascii: ";")]) || rest.starts(with: Array("//".utf8)) {
                for index in line { visible[index] = 0x20 }
            }
        }
        var text = MappedText()
        text.append(visible, allAt: 0)
        var found = CredentialFiles.literalSecrets(inFileAt: fileName, text: text)
        for credential in EmbeddedCredentials.find(in: visible) where !found.contains(where: { $0.range.overlaps(credential.range) }) {
            found.append(credential)
        }
        return found.map { (String(decoding: bytes[$0.range], as: UTF8.self), $0.label) }
    }
}
