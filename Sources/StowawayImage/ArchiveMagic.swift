/// Recognises an archive inside a layer by name and content: the name must say archive (so a `.gz` man page is not
/// opened) and the first bytes must agree (so a text file named `x.tar` is scanned as text).
enum ArchiveMagic {
    static let archiveSuffixes = [
        ".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz",
        ".zip", ".jar", ".war", ".ear", ".aar", ".whl", ".nupkg",
    ]

    static func isNestedArchive(name: String, firstBytes data: UnsafeRawBufferPointer) -> Bool {
        let lower = name.lowercased()
        guard archiveSuffixes.contains(where: lower.hasSuffix) else { return false }
        return hasArchiveMagic(data)
    }

    static func hasArchiveMagic(_ data: UnsafeRawBufferPointer) -> Bool {
        func starts(with bytes: [UInt8]) -> Bool {
            data.count >= bytes.count && zip(data, bytes).allSatisfy { $0 == $1 }
        }
        if starts(with: [0x1F, 0x8B]) { return true }  // gzip
        if starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return true }  // zstd
        if starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return true }  // xz
        if starts(with: [0x42, 0x5A, 0x68]) { return true }  // bzip2
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) || starts(with: [0x50, 0x4B, 0x05, 0x06]) { return true }  // zip
        // ustar / GNU tar: "ustar" at offset 257.
        if data.count >= 262, Array(data[257..<262]) == Array("ustar".utf8) { return true }
        return false
    }
}
