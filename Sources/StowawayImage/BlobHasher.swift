import Crypto

/// Hashes a blob as its bytes stream past, with the algorithm its digest names, so a layer is verified in the same
/// pass that scans it (never read twice).
struct BlobHasher {
    private enum State {
        case sha256(SHA256)
        case sha512(SHA512)
    }

    private var state: State
    let expected: Digest

    /// Hashes towards `expected`; its algorithm is sha256 or sha512 (the only ones `Digest` accepts).
    init(expecting expected: Digest) {
        self.expected = expected
        state = expected.algorithm == "sha512" ? .sha512(SHA512()) : .sha256(SHA256())
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        switch state {
        case .sha256(var hash):
            hash.update(bufferPointer: bytes)
            state = .sha256(hash)
        case .sha512(var hash):
            hash.update(bufferPointer: bytes)
            state = .sha512(hash)
        }
    }

    /// The digest of everything hashed, in the expected digest's algorithm.
    func finish() -> Digest {
        let hex: String
        switch state {
        case .sha256(let hash): hex = Self.hex(hash.finalize())
        case .sha512(let hash): hex = Self.hex(hash.finalize())
        }
        return Digest(expected.algorithm + ":" + hex)!
    }

    /// The digest of bytes held whole (manifests, configs).
    static func digest(of bytes: [UInt8], like expected: Digest) -> Digest {
        var hasher = BlobHasher(expecting: expected)
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finish()
    }

    private static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
