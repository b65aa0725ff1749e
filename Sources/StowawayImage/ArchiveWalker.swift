import StowawayCore

/// Reads the entries of one layer, and of archives inside it, handing file contents to the sink. Keeps the
/// layer's listing (for whiteouts) and enforces the nesting depth and the decompression caps.
final class ArchiveWalker {
    let limits: ArchiveLimits
    let budget: DecompressionBudget
    let sink: any ArchiveContentSink
    /// "image layer N (blob)": who to name in messages.
    let label: String
    let buffers: [ByteBuffer]
    private(set) var listing = LayerListing()
    private(set) var issues: [ScanIssue] = []
    /// Set when the input's total budget ran out: nothing more is read.
    private var exhausted = false
    /// Entries with absolute or `..` names: the first few are named, the rest counted.
    private var unusualNames = 0
    static let unusualNamesListed = 5

    init(limits: ArchiveLimits, budget: DecompressionBudget, sink: any ArchiveContentSink, label: String,
         buffers: [ByteBuffer]) {
        self.limits = limits
        self.budget = budget
        self.sink = sink
        self.label = label
        self.buffers = buffers
    }

    /// One archive level: the layer (depth 0) or an archive inside it.
    final class Level {
        let reader: ArchiveReader
        let depth: Int
        /// "" for the layer; "path/in/layer.jar!/" inside archives.
        let prefix: String
        /// The layer entry holding this archive (nil for the layer itself).
        let layerPath: String?
        /// The reader that undid the layer's compression, when it is not `reader` itself.
        let stream: ArchiveReader?
        var accounted = 0
        var lastEntry: String?

        init(reader: ArchiveReader, depth: Int, prefix: String, layerPath: String?, stream: ArchiveReader? = nil) {
            self.reader = reader
            self.depth = depth
            self.prefix = prefix
            self.layerPath = layerPath
            self.stream = stream
        }

        /// Whether skipping data means decompressing it (so it must be read through the caps).
        var isCompressed: Bool { (stream ?? reader).isCompressed }

        var what: String { depth == 0 ? "the layer" : "nested archive \(prefix.dropLast(2))" }
    }

    /// Walks every entry of `level`; returns false when reading must stop altogether (broken stream, caps).
    @discardableResult
    func walk(_ level: Level) -> Bool {
        while !exhausted {
            switch level.reader.next() {
            case .end:
                return true
            case .failure(let message):
                let after = level.lastEntry.map { " after entry \($0)" } ?? ""
                let problem = level.lastEntry == nil && level.depth == 0
                    ? "cannot read the layer (unknown compression or not a tar)" : "\(level.what) is truncated or corrupt\(after)"
                issues.append(ScanIssue(level.depth == 0 ? .error : .warning, input: label, message: "\(problem): \(message)"))
                return level.depth > 0
            case .entry(let info):
                // Charged before naming the new entry: bytes consumed up to here belong to the previous one.
                guard charge(level) else { return level.depth > 0 && !exhausted }
                level.lastEntry = level.prefix + info.name
                let path = EntryPath(info.name)
                if level.depth == 0 { listing.record(path, isDirectory: info.kind == .directory) }
                if path.isUnusual { noteUnusualName(path, level: level) }
                guard path.whiteout == nil, info.kind == .regular, info.size.map({ $0 > 0 }) ?? true else { continue }
                let file = ArchiveFile(path: level.prefix + path.display, layerPath: level.layerPath ?? path.normalized)
                guard read(file, info: info, level: level) else { return level.depth > 0 && !exhausted }
            }
        }
        return false
    }

    /// Absolute and `..` names are harmless here (nothing is extracted) but unusual in a layer, so they are named;
    /// inside nested archives (test data, vendored archives) they are common, so only noted.
    private func noteUnusualName(_ path: EntryPath, level: Level) {
        unusualNames += 1
        guard unusualNames <= Self.unusualNamesListed else { return }
        issues.append(ScanIssue(level.depth == 0 ? .warning : .note, input: label, message:
            "entry `\(level.prefix)\(path.raw)` is absolute or climbs out with `..` (read in place, never extracted)"))
    }

    /// Says how many unusual names were not listed one by one.
    func finish() {
        let unlisted = unusualNames - Self.unusualNamesListed
        guard unlisted > 0 else { return }
        issues.append(ScanIssue(.note, input: label, message: "\(unlisted) more entries with absolute or `..` names"))
    }

    /// Reads one regular file: opens it as an archive when it is one, else hands its bytes to the sink.
    /// Returns false when the level's stream broke or a cap stopped it.
    private func read(_ file: ArchiveFile, info: ArchiveEntryInfo, level: Level) -> Bool {
        if let size = info.size, size > limits.maxFileSize {
            issues.append(ScanIssue(.note, input: label, message:
                "\(file.path): skipped: \(size) bytes is over --max-file-size (\(limits.maxFileSize))"))
            // Compressed data is read through (and charged) so a bomb hiding behind a huge declared size is still capped.
            return level.isCompressed ? drain(file, level: level) : true
        }
        var first = UnsafeRawBufferPointer(start: nil, count: 0)
        switch nextBlock(level, file: file) {
        case .data(let block): first = block
        case .end: return true
        case .failure: return false
        }
        if ArchiveMagic.isNestedArchive(name: file.path, firstBytes: first) {
            guard level.depth < limits.maxArchiveDepth else {
                issues.append(ScanIssue(.note, input: label, message:
                    "\(file.path): archive not opened, --max-archive-depth \(limits.maxArchiveDepth) reached"))
                return true
            }
            return openNested(file, info: info, first: first, level: level)
        }
        // Fast path: the whole file arrived in one block (small files of uncompressed layers): no copy.
        if let size = info.size, size == first.count {
            sink.scanWhole(first, file: file)
            return true
        }
        // A file known to be large is streamed from its first block; one of unknown size is held until it proves large.
        if let size = info.size, size > limits.wholeFileLimit { return stream(file, first: first, level: level) }
        let buffer = buffers[level.depth]
        buffer.reset()
        buffer.append(first)
        while buffer.count <= limits.wholeFileLimit {
            switch nextBlock(level, file: file) {
            case .data(let block):
                buffer.append(block)
            case .end:
                sink.scanWhole(buffer.bytes, file: file)
                return true
            case .failure:
                // Scan what arrived before the stream broke: secrets in it are real.
                sink.scanWhole(buffer.bytes, file: file)
                return false
            }
        }
        return stream(file, first: buffer.bytes, level: level)
    }

    /// Hands a large file over in chunks (the sink scans in streaming mode), or skips it when the sink declines
    /// (binary): the rest of its data is then skipped by libarchive, which for an uncompressed layer is a seek.
    private func stream(_ file: ArchiveFile, first: UnsafeRawBufferPointer, level: Level) -> Bool {
        guard sink.beginChunks(first, file: file) else {
            guard level.isCompressed else { return true }
            // Skipping compressed data still decompresses it: read it here so the caps stop a bomb inside this file.
            return drain(file, level: level)
        }
        defer { sink.endChunks() }
        while true {
            switch nextBlock(level, file: file) {
            case .data(let block): sink.continueChunks(block)
            case .end: return true
            case .failure: return false
            }
        }
    }

    /// Reads the rest of the current entry without using it; false when the stream broke or a cap stopped it.
    private func drain(_ file: ArchiveFile, level: Level) -> Bool {
        while true {
            switch nextBlock(level, file: file) {
            case .data: continue
            case .end: return true
            case .failure: return false
            }
        }
    }

    private enum BlockResult {
        case data(UnsafeRawBufferPointer)
        case end
        case failure
    }

    /// The next non-empty block of the current entry, charging the caps.
    private func nextBlock(_ level: Level, file: ArchiveFile) -> BlockResult {
        while true {
            switch level.reader.readBlock() {
            case .data(let block):
                guard charge(level) else { return .failure }
                if block.count > 0 { return .data(block) }
            case .end:
                return .end
            case .failure(let message):
                issues.append(ScanIssue(level.depth == 0 ? .error : .warning, input: label,
                                        message: "\(level.what) is truncated or corrupt in \(file.path): \(message)"))
                return .failure
            }
        }
    }

    private func openNested(_ file: ArchiveFile, info: ArchiveEntryInfo, first: UnsafeRawBufferPointer, level: Level) -> Bool {
        let nested: ArchiveReader
        do {
            nested = try ArchiveReader(formats: .nested)
        } catch {
            issues.append(ScanIssue(.error, input: label, message: error.message))
            return true
        }
        let buffer = buffers[level.depth]
        var parentIntact = true
        do {
            if let size = info.size, size <= limits.wholeFileLimit {
                // Small enough to hold: read it whole so a zip's central directory can be used (seekable).
                buffer.reset()
                buffer.append(first)
                reading: while true {
                    switch nextBlock(level, file: file) {
                    case .data(let block): buffer.append(block)
                    case .end: break reading
                    case .failure:
                        parentIntact = false
                        break reading
                    }
                }
                try nested.open(memory: buffer.bytes)
            } else {
                try nested.open(parent: level.reader, prefix: first)
            }
        } catch {
            issues.append(ScanIssue(.warning, input: label, message: "\(file.path): cannot open the archive: \(error.message)"))
            return parentIntact
        }
        let inner = Level(reader: nested, depth: level.depth + 1, prefix: file.path + "!/", layerPath: file.layerPath)
        let keepGoing = walk(inner)
        return parentIntact && keepGoing
    }

    /// Counts the level's newly decompressed bytes against the per-stream cap and the input's total.
    private func charge(_ level: Level) -> Bool {
        let position = level.reader.decompressedPosition
        let delta = position - level.accounted
        level.accounted = position
        let entry = level.lastEntry ?? "(start)"
        if position > limits.maxDecompressedSize {
            issues.append(ScanIssue(.error, input: label, message:
                "decompression of \(level.what) stopped at entry \(entry) after \(position) bytes: over --max-decompressed-size \(limits.maxDecompressedSize) (a decompression bomb?)"))
            return false
        }
        if !budget.consume(delta) {
            exhausted = true
            issues.append(ScanIssue(.error, input: label, message:
                "decompression stopped at entry \(entry): this input's decompressed total passed \(budget.limit) bytes (\(ArchiveLimits.totalFactor) × --max-decompressed-size); the rest is not scanned"))
            return false
        }
        return true
    }
}
