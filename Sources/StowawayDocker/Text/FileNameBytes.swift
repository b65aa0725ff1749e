/// A path's file name (last component) as bytes, and ASCII case-insensitive tests on it: the per-file name checks
/// (which file kinds and which credential names a name may be) run for every file of a tree, so they must not build
/// strings.
enum FileNameBytes {
    /// Calls `body` with the bytes after the last `/` of `path`.
    static func withName<Result>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var path = path
        return path.withUTF8 { bytes in
            var start = bytes.count
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            return body(UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// The bytes after the name's last dot; nil when it has none.
    static func extensionOf(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        name.lastIndex(of: UInt8(ascii: ".")).map { UnsafeBufferPointer(rebasing: name[($0 + 1)...]) }
    }

    static func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if (byte >= 65 && byte <= 90 ? byte + 32 : byte) != lowercase[index] { return false }
        }
        return true
    }

    static func hasPrefixIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: [UInt8]) -> Bool {
        lowercase.count <= bytes.count
            && equalsIgnoringASCIICase(UnsafeBufferPointer(rebasing: bytes[0..<lowercase.count]), lowercase)
    }
}
