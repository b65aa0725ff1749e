/// Decides whether content is binary the way git does: a NUL byte in the first 8,000 bytes. UTF-16 text has NULs too,
/// so a UTF-16 byte-order mark marks text.
public enum BinarySniffer {
    public static func looksBinary(_ data: UnsafeRawBufferPointer) -> Bool {
        if data.count >= 2, (data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF) { return false }
        let limit = min(data.count, 8000)
        guard limit > 0, let base = data.baseAddress else { return false }
        return memchr(base, 0, limit) != nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
