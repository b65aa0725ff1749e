import Yams

/// Reading YAML for the checks: documents with positions, mapping entries with `<<` merge keys resolved (Compose
/// `x-` anchors), and the exact byte range of a value inside the source.
struct YAMLSupport {
    let source: SourceText

    /// All documents of a multi-document stream.
    static func documents(_ text: String) throws -> [Node] {
        var documents: [Node] = []
        // The basic resolver: the checks read scalars as text and never need implicit tags (bool, int, timestamp),
        // which Yams resolves with one NSRegularExpression search per scalar, a twentieth of a tree scan's work.
        var sequence = try Yams.compose_all(yaml: text, .basic)
        while let document = sequence.next() { documents.append(document) }
        if let error = sequence.error { throw error }
        return documents
    }

    /// The mapping's entries with string keys; `<<: *anchor` (or a list of anchors) contributes the anchored
    /// mapping's entries unless the mapping sets them itself.
    static func entries(_ node: Node?) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node?.mapping else { return [] }
        var own: [(String, Node, Node)] = []
        var merged: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { continue }
            if name == "<<" {
                let sources = value.sequence.map(Array.init) ?? [value]
                for source in sources { merged += entries(source) }
            } else {
                own.append((name, key, value))
            }
        }
        let ownKeys = Set(own.map(\.0))
        return own + merged.filter { !ownKeys.contains($0.0) }
    }

    static func value(_ node: Node?, _ key: String) -> Node? {
        // The mapping's own keys first, without building its entry list (the checks look keys up thousands of times
        // per workflow); merged entries only when the mapping does not set the key itself.
        guard let mapping = node?.mapping, key != "<<" else { return nil }
        var hasMerge = false
        for (entryKey, value) in mapping {
            guard let name = entryKey.scalar?.string else { continue }
            if name == key { return value }
            if name == "<<" { hasMerge = true }
        }
        return hasMerge ? entries(node).first { $0.key == key }?.value : nil
    }

    /// A scalar's text, or nil for null (`~`, `null`, an empty plain scalar) and non-scalars.
    static func text(_ node: Node?) -> String? {
        guard let scalar = node?.scalar else { return nil }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    /// Byte offset where a node starts.
    func offset(of node: Node) -> Int? {
        guard let mark = node.mark else { return nil }
        return source.offset(line: mark.line, scalarColumn: mark.column)
    }

    /// A scalar as mapped text: its exact source bytes when found, else its text placed at the node.
    func mapped(_ node: Node) -> MappedText? {
        guard let text = Self.text(node), let range = range(of: text, in: node) else { return nil }
        let bytes = Array(text.utf8)
        if source.bytes[range].elementsEqual(bytes) { return MappedText(source.bytes[range], startingAt: range.lowerBound) }
        var mapped = MappedText()
        mapped.append(bytes, allAt: range.lowerBound)
        return mapped
    }

    /// The byte range of `part` (some text of the scalar `node`) in the source: searched from the node's start, so
    /// quoting and block styles are handled; falls back to the node's first line when escapes hide it.
    func range(of part: String, in node: Node) -> Range<Int>? {
        guard let start = offset(of: node), !part.isEmpty else { return nil }
        let bytes = Array(part.utf8)
        let window = start + 4 * bytes.count + 4096
        if let found = source.firstRange(of: bytes, from: start, limit: window) { return found }
        let line = source.lineRange(source.lineIndex(of: start))
        return start..<max(start + 1, min(line.upperBound, start + bytes.count))
    }
}
