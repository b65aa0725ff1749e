/// Writes tar archives byte for byte the same on every run: ustar headers (pax records for long names), entries
/// sorted by name unless the caller fixes the order, fixed mtime, uid/gid 0. Also writes names a real tool would
/// refuse (`../x`, `/x`), which the robustness tests need.
struct TarWriter {
    enum Kind: Equatable {
        case file([UInt8])
        case directory
        case symlink(String)
        case hardlink(String)
    }

    struct Entry {
        var name: String
        var kind: Kind

        static func file(_ name: String, _ text: String) -> Entry { Entry(name: name, kind: .file(Array(text.utf8))) }
        static func file(_ name: String, bytes: [UInt8]) -> Entry { Entry(name: name, kind: .file(bytes)) }
        static func directory(_ name: String) -> Entry { Entry(name: name, kind: .directory) }
        static func symlink(_ name: String, to target: String) -> Entry { Entry(name: name, kind: .symlink(target)) }
    }

    static let mtime = 1_700_000_000

    /// The archive, entries sorted by name (`sorted: false` keeps the given order), ended by two zero blocks.
    static func archive(_ entries: [Entry], sorted: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        for entry in sorted ? entries.sorted(by: { $0.name < $1.name }) : entries {
            append(entry, to: &output)
        }
        output += [UInt8](repeating: 0, count: 1024)
        return output
    }

    private static func append(_ entry: Entry, to output: inout [UInt8]) {
        var data: [UInt8] = []
        var type: UInt8 = UInt8(ascii: "0")
        var link = ""
        var mode = 0o644
        switch entry.kind {
        case .file(let bytes): data = bytes
        case .directory:
            type = UInt8(ascii: "5")
            mode = 0o755
        case .symlink(let target):
            type = UInt8(ascii: "2")
            link = target
            mode = 0o777
        case .hardlink(let target):
            type = UInt8(ascii: "1")
            link = target
        }
        var name = entry.name
        if entry.kind == .directory, !name.hasSuffix("/") { name += "/" }
        var pax: [(String, String)] = []
        if name.utf8.count > 100 { pax.append(("path", name)) }
        if link.utf8.count > 100 { pax.append(("linkpath", link)) }
        if !pax.isEmpty {
            var records: [UInt8] = []
            for (key, value) in pax { records += paxRecord(key, value) }
            output += header(name: "PaxHeaders/entry", size: records.count, type: UInt8(ascii: "x"), link: "", mode: 0o644)
            output += padded(records)
        }
        output += header(name: name, size: data.count, type: type, link: link, mode: mode)
        output += padded(data)
    }

    /// "<length> key=value\n", where the length counts its own digits.
    private static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count > length { length += 1 }
        return Array("\(length)\(body)".utf8)
    }

    private static func padded(_ data: [UInt8]) -> [UInt8] {
        let remainder = data.count % 512
        return remainder == 0 ? data : data + [UInt8](repeating: 0, count: 512 - remainder)
    }

    private static func header(name: String, size: Int, type: UInt8, link: String, mode: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(mtime, at: 136, width: 12)
        put("        ", at: 148, width: 8)
        block[156] = type
        put(link, at: 157, width: 100)
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put("root", at: 265, width: 32)
        put("root", at: 297, width: 32)
        let checksum = block.reduce(0) { $0 + Int($1) }
        let digits = String(checksum, radix: 8)
        put(String(repeating: "0", count: max(0, 6 - digits.count)) + digits, at: 148, width: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }
}
