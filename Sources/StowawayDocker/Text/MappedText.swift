/// Text assembled from pieces of a source file — continuation lines joined, quotes removed, variables expanded —
/// where every byte remembers the source offset it came from. A secret found in it is then reported at its exact
/// place in the file, even when the instruction spans several lines.
public struct MappedText: Sendable, Hashable {
    public private(set) var bytes: [UInt8] = []
    /// Source byte offset of each byte in `bytes` (same count).
    public private(set) var offsets: [Int] = []

    public init() {}

    /// A contiguous run of source bytes.
    init(_ bytes: ArraySlice<UInt8>, startingAt offset: Int) {
        self.bytes = Array(bytes)
        offsets = Array(offset..<(offset + bytes.count))
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
    public var isEmpty: Bool { bytes.isEmpty }
    public var count: Int { bytes.count }

    /// The source range from the first byte's offset to just past the last byte's; nil when empty.
    public var sourceRange: Range<Int>? {
        guard let first = offsets.first, let last = offsets.last else { return nil }
        return first..<max(first + 1, last + 1)
    }

    mutating func append(_ byte: UInt8, offset: Int) {
        bytes.append(byte)
        offsets.append(offset)
    }

    mutating func append(_ other: MappedText) {
        bytes += other.bytes
        offsets += other.offsets
    }

    /// Appends `text`, every byte attributed to `offset` (text produced by an expansion at that place).
    mutating func append(_ text: [UInt8], allAt offset: Int) {
        bytes += text
        offsets += [Int](repeating: offset, count: text.count)
    }

    subscript(range: Range<Int>) -> MappedText {
        var slice = MappedText()
        slice.bytes = Array(bytes[range])
        slice.offsets = Array(offsets[range])
        return slice
    }

    /// Without leading and trailing spaces and tabs.
    func trimmed() -> MappedText {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return self[start..<end]
    }

    /// The byte index of the first occurrence of `needle`, searching from `from`.
    func firstIndex(of needle: [UInt8], from: Int = 0) -> Int? {
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        var index = from
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
