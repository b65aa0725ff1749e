import StowawayCore

/// A file's text as bytes with the offset of each line start, so that byte offsets found by the parsers become the
/// 1-based line/column `Location`s and line texts the rest of stowaway reports.
public struct SourceText: Sendable {
    public let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    let lineStarts: [Int]

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// 0-based index of the line holding `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The byte range of a 0-based line, without its line break (`\n` or `\r\n`).
    func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// The text of a 0-based line, without its line break.
    func line(_ index: Int) -> String {
        String(decoding: bytes[lineRange(index)], as: UTF8.self)
    }

    /// The text of the line holding `offset`.
    public func lineText(at offset: Int) -> String {
        line(lineIndex(of: min(max(0, offset), max(0, bytes.count - 1))))
    }

    /// The location of the bytes `start ..< end`; the end column is exclusive, as the engine reports it.
    public func location(_ range: Range<Int>) -> Location {
        let startLine = lineIndex(of: range.lowerBound)
        let endLine = lineIndex(of: max(range.lowerBound, range.upperBound - 1))
        return Location(
            line: startLine + 1, column: range.lowerBound - lineStarts[startLine] + 1,
            endLine: endLine + 1, endColumn: range.upperBound - lineStarts[endLine] + 1,
            byteOffset: range.lowerBound, byteLength: range.count)
    }

    /// Byte offset of a YAML mark: 1-based line and a column counted in Unicode scalars (libyaml's unit).
    func offset(line: Int, scalarColumn: Int) -> Int {
        let index = min(max(0, line - 1), lineStarts.count - 1)
        let range = lineRange(index)
        var offset = range.lowerBound
        var remaining = scalarColumn - 1
        while remaining > 0, offset < range.upperBound {
            offset += Self.scalarLength(leadingByte: bytes[offset])
            remaining -= 1
        }
        return min(offset, range.upperBound)
    }

    /// First occurrence of `needle` at or after `from` and before `limit`.
    func firstRange(of needle: [UInt8], from: Int, limit: Int? = nil) -> Range<Int>? {
        guard !needle.isEmpty else { return nil }
        let end = min(limit ?? bytes.count, bytes.count)
        let start = max(0, from)
        guard start < end else { return nil }
        let found = bytes.withUnsafeBufferPointer { ByteSearch.firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: $0[start..<end])) }
        return found.map { (start + $0)..<(start + $0 + needle.count) }
    }

    static func scalarLength(leadingByte byte: UInt8) -> Int {
        switch byte {
        case 0..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0...: 4
        default: 1
        }
    }
}
