/// A position in a blob: 1-based line and column (columns count bytes), plus the byte range of the secret.
public struct Location: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var byteOffset: Int
    public var byteLength: Int

    public init(line: Int, column: Int, endLine: Int, endColumn: Int, byteOffset: Int, byteLength: Int) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.byteOffset = byteOffset
        self.byteLength = byteLength
    }
}
