/// Decides whether content is binary the way git does: a NUL byte in the first 8,000 bytes. UTF-16 text has NULs too,
/// so a byte-order mark, or ASCII text with every other byte NUL, marks text.
public enum BinarySniffer {
    public static func looksBinary(_ data: UnsafeRawBufferPointer) -> Bool {
        if data.count >= 2, (data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF) { return false }
        let limit = min(data.count, 8000)
        guard limit > 0, let base = data.baseAddress else { return false }
        guard memchr(base, 0, limit) != nil else { return false }
        return !looksUTF16WithoutMark(data)
    }

    /// ASCII-range UTF-16: in the first 512 bytes, nine in ten of one parity's bytes are NUL and almost none of the other.
    static func looksUTF16WithoutMark(_ data: UnsafeRawBufferPointer) -> Bool {
        let sample = min(data.count & ~1, 512)
        guard sample >= 8 else { return false }
        var evenNUL = 0, oddNUL = 0
        for index in stride(from: 0, to: sample, by: 2) {
            if data[index] == 0 { evenNUL += 1 }
            if data[index + 1] == 0 { oddNUL += 1 }
        }
        let pairs = sample / 2
        return (oddNUL * 10 >= pairs * 9 && evenNUL * 10 <= pairs) || (evenNUL * 10 >= pairs * 9 && oddNUL * 10 <= pairs)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
