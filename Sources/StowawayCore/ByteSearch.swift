import CByteSearch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on bytes, for filters that run on every candidate or file (String's Unicode-aware search and
/// the generic `Collection.firstRange(of:)` are several times slower than libc's `memmem`, and the hot paths only
/// ever need ASCII).
public enum ByteSearch {
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// Whether `needle` occurs anywhere in `bytes`.
    public static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { firstOffset(of: needle, in: $0) != nil }
    }

    /// Whether `needle` occurs in `bytes[range]`.
    public static func contains(_ bytes: [UInt8], _ needle: [UInt8], in range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: $0[range])) != nil }
    }

    /// Offset of the first `needle` in `haystack`; nil when absent (or when `needle` is empty).
    public static func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count, let base = haystack.baseAddress else { return nil }
        return needle.withUnsafeBufferPointer { pattern -> Int? in
            guard let hit = stowaway_memmem(base, haystack.count, pattern.baseAddress!, pattern.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether `bytes` starts with `prefix[from...]`.
    public static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8], from: Int = 0) -> Bool {
        guard prefix.count - from <= bytes.count else { return false }
        for index in from..<prefix.count where bytes[index - from] != prefix[index] { return false }
        return true
    }

    static func lowercasedASCII<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }
}
