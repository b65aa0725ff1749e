#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on bytes, for filters that run on every candidate (String's Unicode-aware search is several times
/// slower, and the hot path only ever needs ASCII).
enum ByteSearch {
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count, let base = haystack.baseAddress else {
            return needle.isEmpty
        }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return false }
            let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if needle.withUnsafeBufferPointer({ memcmp(base + offset, $0.baseAddress!, needle.count) == 0 }) { return true }
            start = offset + 1
        }
        return false
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= bytes.count else { return false }
        for index in 0..<prefix.count where bytes[index] != prefix[index] { return false }
        return true
    }

    static func lowercasedASCII<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }
}
