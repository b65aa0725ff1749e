import CHyperscan
import StowawayCore

/// Per-worker scanner: hyperscan scratch, PCRE2 match state and hit buffers. Create one per thread with
/// `Engine.makeScanner()`; never share it.
public final class BlobScanner {
    public let engine: Engine
    let scratch: HyperscanScratch
    let matcher = PCRE2Matcher()
    let collector: HitCollector
    /// Each rule's PCRE2 side as this worker last saw it: the shared rule guards its lazy compile with a lock, and
    /// taking that lock for every hit made two workers contend.
    private var compiledPatterns: [CompiledRule.LazyPatterns?]

    func patterns(for ruleIndex: Int) throws(StowawayError) -> CompiledRule.LazyPatterns {
        if let known = compiledPatterns[ruleIndex] { return known }
        let built = try engine.rules[ruleIndex].patterns()
        compiledPatterns[ruleIndex] = built
        return built
    }

    /// Set per call of `scan`; chunked scans always resolve overlaps.
    private var resolveOverlaps = true
    /// Set per call of `scan`: whether the path-scoped rules run on this blob.
    private var runsPathScopedRules = false
    /// Seconds one blob (one `scan` call, or one chunked scan from `stream` to `finish`) may take; nil: no limit.
    /// Past it the blob is abandoned with an error issue naming it (`--timeout`).
    public var timeLimit: Double?
    /// The running blob's deadline, set by `scan` and `stream`.
    var deadline = ScanDeadline.none
    private var streamScratch: HyperscanScratch?

    init(engine: Engine) throws(StowawayError) {
        self.engine = engine
        scratch = try HyperscanScratch(for: engine.blockDatabase)
        if let scoped = engine.scopedDatabase { try scratch.extend(for: scoped) }
        collector = HitCollector(ruleCount: engine.rules.count)
        compiledPatterns = [CompiledRule.LazyPatterns?](repeating: nil, count: engine.rules.count)
    }

    /// Scans one blob held in memory (block mode). UTF-16 text is transcoded first; in config-like files, base64 runs
    /// that decode to text are scanned too and reported at the encoded place (`decodedFrom`), two levels deep (a
    /// Kubernetes secret holding a base64 docker config). `applyPathFilters: false` ignores rules' path globs (checking
    /// a rule's own examples).
    /// `resolveOverlaps: false` keeps every rule's match even where a more specific rule matched the same text (a rule
    /// check verifies each rule on its own).
    /// `combineParts: false` leaves composite rules out: every part reports on its own (a rule check verifies a part
    /// rule's examples alone).
    /// `pathScopedRules`: whether rules limited to some paths (`paths.include`) run where the path matches one of
    /// them (the default, even with `applyPathFilters: false`: Git names a blob by the path it was first seen at) or
    /// everywhere (a rule check; a blob no tree names).
    public func scan(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool = true,
                     decode: Bool = true, resolveOverlaps: Bool = true, combineParts: Bool = true,
                     pathScopedRules: PathScopedRules = .wherePathMatches) -> BlobScanResult {
        runsPathScopedRules = engine.scopedDatabase != nil && (pathScopedRules == .everywhere
            || engine.pathScopedGlobs.matchesAny(path))
        var result = scanWithDeadline(data, path: path, applyPathFilters: applyPathFilters, decode: decode,
                                      resolveOverlaps: resolveOverlaps)
        if combineParts { result.candidates = CompositeResolution.fold(result.candidates, engine: engine) }
        return result
    }

    private func scanWithDeadline(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool,
                                  decode: Bool, resolveOverlaps: Bool) -> BlobScanResult {
        self.resolveOverlaps = resolveOverlaps
        deadline = ScanDeadline(seconds: timeLimit)
        var result = scanTranscoding(data, path: path, applyPathFilters: applyPathFilters, decode: decode)
        if deadline.expired { result.issues.append(ScanDeadline.issue(path: path, seconds: timeLimit)) }
        return result
    }

    private func scanTranscoding(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool,
                                 decode: Bool) -> BlobScanResult {
        if decode, data.count >= 4, data[0] == 0 || data[1] == 0 || data[0] == 0xFF || data[0] == 0xFE,
           let utf8 = Decoders.utf16AsUTF8(data)
        {
            var result = utf8.withUnsafeBytes {
                scanDecoding($0, path: path, applyPathFilters: applyPathFilters, depth: 2)
            }
            result.bytesScanned = data.count
            for index in result.candidates.indices where result.candidates[index].decodedFrom == nil {
                result.candidates[index].decodedFrom = "utf-16"
            }
            return result
        }
        return scanDecoding(data, path: path, applyPathFilters: applyPathFilters, depth: decode ? 2 : 0)
    }

    /// An encoding the scanner looks behind, and whether a finding inside it replaces the same rule's match on the
    /// encoded text (`p%40ss` is really `p@ss`; a base64 blob is not the secret it decodes to).
    private struct Decoding {
        var name: String
        var replacesEncodedMatch: Bool
        var spans: [Decoders.EncodedSpan]
    }

    private func scanDecoding(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool,
                              depth: Int) -> BlobScanResult {
        var result = scanPlain(data, path: path, applyPathFilters: applyPathFilters)
        guard depth > 0 else { return result }
        var decodings: [Decoding] = []
        if DecodingPolicy.decodesBase64(path: path, size: data.count) {
            let (base64, hex) = Decoders.encodedTextSpans(in: data)
            if !base64.isEmpty { decodings.append(Decoding(name: "base64", replacesEncodedMatch: false, spans: base64)) }
            if !hex.isEmpty { decodings.append(Decoding(name: "hex", replacesEncodedMatch: false, spans: hex)) }
        }
        if DecodingPolicy.decodesEscapes(path: path, size: data.count) {
            let percent = Decoders.percentSpans(in: data)
            if !percent.isEmpty { decodings.append(Decoding(name: "percent", replacesEncodedMatch: true, spans: percent)) }
            let escapes = Decoders.escapeSpans(in: data)
            if !escapes.isEmpty { decodings.append(Decoding(name: "escape", replacesEncodedMatch: true, spans: escapes)) }
        }
        guard !decodings.isEmpty else { return result }
        let plainCount = result.candidates.count
        var replaced = [Bool](repeating: false, count: plainCount)
        // A rule that matched percent-encoded text (a connection URI's password `p%40ss`) reports the secret decoded:
        // decoding the whole URL first would break it apart at the `@`.
        if let percent = decodings.first(where: { $0.name == "percent" }) {
            for index in 0..<plainCount where !engine.rules[result.candidates[index].ruleIndex].rule.literalPercent
                && Self.holdsEscape(result.candidates[index].secret, encoding: "percent") {
                let location = result.candidates[index].location
                guard percent.spans.contains(where: { $0.start <= location.byteOffset && location.byteOffset < $0.end }) else { continue }
                let decoded = Decoders.percentDecoded(Array(result.candidates[index].secret.utf8))
                result.candidates[index].secret = String(decoding: decoded, as: UTF8.self)
                result.candidates[index].decodedFrom = "percent"
                result.candidates[index].lineText = Self.lineShowingDecoded(
                    decoded, from: location.byteOffset, to: location.byteOffset + location.byteLength, in: data)
            }
        }
        for decoding in decodings {
            for span in decoding.spans {
                if deadline.check() { break }
                let inner = span.decoded.withUnsafeBytes {
                    scanDecoding($0, path: path, applyPathFilters: applyPathFilters, depth: depth - 1)
                }
                guard !inner.candidates.isEmpty else { continue }
                for candidate in inner.candidates
                where !result.candidates.contains(where: { $0.ruleIndex == candidate.ruleIndex && $0.secret == candidate.secret }) {
                    var moved = candidate
                    // Report at the encoded text: that is what a reader of the file can find.
                    let (from, to) = Self.encodedRange(of: candidate.location, in: span)
                    moved.location = Self.location(from: from, to: to, in: data)
                    let lineStart = Self.lineStart(before: from, in: data)
                    moved.lineText = span.offsets == nil
                        ? LineLocator.line(in: data, baseOffset: 0, lineStart: lineStart, near: from)
                        : Self.lineShowingDecoded(Array(candidate.secret.utf8), from: from, to: to, in: data)
                    moved.previousLineText = LineLocator.previousLine(in: data, baseOffset: 0, lineStart: lineStart)
                    moved.decodedFrom = candidate.decodedFrom.map { decoding.name + "+" + $0 } ?? decoding.name
                    if decoding.replacesEncodedMatch {
                        // The same rule matched here on the encoded text: keep whichever holds no escape.
                        let overlapping = (0..<plainCount).filter { index in
                            !replaced[index] && result.candidates[index].ruleIndex == moved.ruleIndex
                                && CompositeResolution.overlaps(result.candidates[index].location, moved.location)
                        }
                        if engine.rules[moved.ruleIndex].rule.literalPercent && decoding.name == "percent"
                            || overlapping.contains(where: { !Self.holdsEscape(result.candidates[$0].secret, encoding: decoding.name) }) {
                            continue
                        }
                        for index in overlapping { replaced[index] = true }
                    }
                    result.candidates.append(moved)
                }
            }
        }
        if replaced.contains(true) {
            result.candidates = result.candidates.enumerated().filter { $0.offset >= plainCount || !replaced[$0.offset] }.map(\.element)
        }
        return result
    }

    /// Whether a secret as matched still holds the encoding's escapes (`%40`; `\u0040`, `\x40`).
    private static func holdsEscape(_ secret: String, encoding: String) -> Bool {
        let bytes = Array(secret.utf8)
        guard bytes.count >= 3 else { return false }
        for index in 0..<(bytes.count - 2) {
            switch encoding {
            case "percent":
                if bytes[index] == UInt8(ascii: "%"), Decoders.hexValue(bytes[index + 1]) != nil,
                   Decoders.hexValue(bytes[index + 2]) != nil { return true }
            case "escape":
                if bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") || bytes[index + 1] == UInt8(ascii: "x") {
                    return true
                }
            default:
                return false
            }
        }
        return false
    }

    /// The line holding an encoded secret with the secret shown decoded in its place, so reporters redact it like any
    /// other (the encoded form would otherwise be printed as is).
    private static func lineShowingDecoded(_ decoded: [UInt8], from: Int, to: Int, in data: UnsafeRawBufferPointer) -> String {
        var start = from
        while start > 0, from - start < 2048, data[start - 1] != 10 { start -= 1 }
        var end = to
        while end < data.count, end - to < 2048, data[end] != 10 { end += 1 }
        if end > to, data[end - 1] == 13 { end -= 1 }
        let bytes = Array(data[start..<from]) + decoded + Array(data[to..<end])
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The encoded bytes a decoded location came from: exact where the encoding maps byte by byte, else the span.
    private static func encodedRange(of location: Location, in span: Decoders.EncodedSpan) -> (Int, Int) {
        guard let offsets = span.offsets else { return (span.start, span.end) }
        let start = min(max(location.byteOffset, 0), offsets.count - 1)
        let end = min(max(location.byteOffset + location.byteLength, start), offsets.count - 1)
        return (offsets[start], max(offsets[end], offsets[start] + 1))
    }

    private static func lineStart(before offset: Int, in data: UnsafeRawBufferPointer) -> Int {
        var start = offset
        while start > 0, data[start - 1] != 10 { start -= 1 }
        return start
    }

    /// Line and column of a byte range (decoded findings are rare, so counting lines here costs nothing overall).
    private static func location(from: Int, to: Int, in data: UnsafeRawBufferPointer) -> Location {
        var line = 1
        var lineStart = 0
        var endLine = 1
        var endLineStart = 0
        for offset in 0..<max(from, to - 1) where data[offset] == 10 {
            if offset < from {
                line += 1
                lineStart = offset + 1
            }
            endLine += 1
            endLineStart = offset + 1
        }
        return Location(line: line, column: from - lineStart + 1, endLine: endLine, endColumn: to - endLineStart + 1,
                        byteOffset: from, byteLength: to - from)
    }

    private func scanPlain(_ data: UnsafeRawBufferPointer, path: String, applyPathFilters: Bool) -> BlobScanResult {
        var result = BlobScanResult()
        result.bytesScanned = data.count
        guard data.count > 0, let base = data.baseAddress else { return result }
        collector.reset()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        // Hyperscan takes a 32-bit length; larger blobs go through `stream(path:)`.
        precondition(data.count <= Int(UInt32.max), "blob too large for block mode")
        _ = hs_scan(engine.blockDatabase.pointer, base.assumingMemoryBound(to: CChar.self), UInt32(data.count), 0,
                    scratch.pointer, HitCollector.callback, context)
        if runsPathScopedRules, let scoped = engine.scopedDatabase, !collector.overflowed {
            _ = hs_scan(scoped.pointer, base.assumingMemoryBound(to: CChar.self), UInt32(data.count), 0,
                        scratch.pointer, HitCollector.callback, context)
        }
        if collector.overflowed {
            // The scan stopped there: findings after it may be missing (exit 2).
            result.issues.append(ScanIssue(.error, input: path,
                                           message: "too many candidate matches; the rest of this input was not scanned"))
        }
        // Most files have no hit at all: skip the per-rule confirmation state.
        guard !collector.runs.isEmpty else { return result }
        var confirmation = Confirmation(ruleCount: engine.rules.count)
        confirmation.applyPathFilters = applyPathFilters
        confirmation.deadline = deadline
        let matches = confirmation.confirm(runs: collector.runs, in: data, baseOffset: 0, path: path, scanner: self,
                                           issues: &result.issues)
        deadline = confirmation.deadline
        var locator = LineLocator()
        let kept = resolveOverlaps ? OverlapResolution.bestPerSpan(matches, rules: engine.rules) : matches
        result.candidates = locator.locate(kept, in: data, baseOffset: 0)
        return result
    }

    /// Starts a chunked scan (streaming mode) for data that arrives in pieces: huge files, archive entries.
    public func stream(path: String) throws(StowawayError) -> ChunkedScan {
        let database = try engine.streamingDatabase()
        if streamScratch == nil { streamScratch = try HyperscanScratch(for: database) }
        return try ChunkedScan(scanner: self, database: database, scratch: streamScratch!, path: path,
                               deadline: ScanDeadline(seconds: timeLimit))
    }
}

/// Which blobs the rules limited to some paths (`paths.include`) are run on.
public enum PathScopedRules: Sendable {
    case wherePathMatches, everywhere
}

/// A confirmed match before its line and column are known.
struct RawMatch {
    var ruleIndex: Int
    var confidence: Confidence
    var secretStart: Int
    var secretEnd: Int
    var secret: [UInt8]
}

/// Turns hyperscan hit runs into confirmed, filtered matches with PCRE2. Keeps, per rule, how far the subject has
/// been searched so matches are found once and never overlap (state survives across chunks when streaming).
struct Confirmation {
    /// Absolute offset before which each rule has been fully searched.
    var searchedUpTo: [Int]
    var applyPathFilters = true
    /// Checked before each hit run and each PCRE2 call: once past, the remaining hits are left unconfirmed.
    var deadline = ScanDeadline.none
    /// Rules whose match-limit warning was already given for this blob.
    var limitReported = Set<Int>()

    init(ruleCount: Int) { searchedUpTo = [Int](repeating: 0, count: ruleCount) }

    /// `data` holds absolute offsets `baseOffset ..< baseOffset + data.count`; runs use absolute offsets.
    mutating func confirm(
        runs: [HitCollector.Run], in data: UnsafeRawBufferPointer, baseOffset: Int, path: String,
        scanner: BlobScanner, issues: inout [ScanIssue]
    ) -> [RawMatch] {
        guard !runs.isEmpty else { return [] }
        let sorted = runs.sorted { ($0.rule, $0.start) < ($1.rule, $1.start) }
        var matches: [RawMatch] = []
        var currentRule = -1
        var skipRule = false
        var patterns: CompiledRule.LazyPatterns?
        for run in sorted {
            if deadline.check() { break }
            let ruleIndex = Int(run.rule)
            let rule = scanner.engine.rules[ruleIndex]
            if ruleIndex != currentRule {
                currentRule = ruleIndex
                skipRule = applyPathFilters && rule.hasPathFilters && !rule.applies(to: path)
                patterns = nil
                if !skipRule {
                    do {
                        patterns = try scanner.patterns(for: ruleIndex)
                    } catch {
                        issues.append(ScanIssue(.error, input: rule.rule.id, message: error.message))
                        skipRule = true
                    }
                }
            }
            guard !skipRule, let patterns else { continue }
            let runStart = Int(run.start)
            let runEnd = Int(run.end)
            if runEnd <= searchedUpTo[ruleIndex] { continue }
            var position = max(searchedUpTo[ruleIndex], runStart - rule.windowWidth, baseOffset)
            scanner.matcher.hitLimit = false
            while position <= runEnd, !deadline.check() {
                guard let groups = scanner.matcher.firstMatch(
                    patterns.confirm, in: data, from: position - baseOffset, offsetLimit: runEnd - baseOffset)
                else { break }
                guard let whole = groups[0] else { break }
                let matchEnd = whole.1 + baseOffset
                position = whole.1 > whole.0 ? matchEnd : matchEnd + 1
                let secretRange = groups.indices.contains(patterns.secretGroup) ? (groups[patterns.secretGroup] ?? whole) : whole
                guard secretRange.1 > secretRange.0 else { continue }
                let secret = Array(data[secretRange.0..<secretRange.1])
                if Self.accepts(secret, rule: rule, patterns: patterns, matcher: scanner.matcher) {
                    matches.append(RawMatch(ruleIndex: ruleIndex, confidence: Self.confidence(of: secret, rule: rule.rule),
                                            secretStart: secretRange.0 + baseOffset,
                                            secretEnd: secretRange.1 + baseOffset, secret: secret))
                }
            }
            // Named once per rule and file: a pathological file can make every hit give up.
            if scanner.matcher.hitLimit, limitReported.insert(ruleIndex).inserted {
                issues.append(ScanIssue(.warning, input: path, message:
                    "rule \(rule.rule.id) gave up on its PCRE2 match limit near byte \(runEnd) (later ones in this file are not listed)"))
            }
            searchedUpTo[ruleIndex] = max(position, runEnd + 1)
        }
        return matches
    }

    /// The rule's confidence, adjusted by the secret's checksum when the format has one.
    static func confidence(of secret: [UInt8], rule: Rule) -> Confidence {
        guard let checksum = rule.checksum,
              let holds = Checksums.validate(checksum, String(decoding: secret, as: UTF8.self)) else { return rule.confidence }
        return holds ? .high : min(rule.confidence, .medium)
    }

    /// The rule's own filters: entropy, placeholders, stopwords, allow patterns.
    static func accepts(_ secret: [UInt8], rule: CompiledRule, patterns: CompiledRule.LazyPatterns,
                        matcher: PCRE2Matcher) -> Bool {
        if let minimum = rule.rule.minEntropy, shannonEntropy(secret) < minimum { return false }
        if !rule.stopwords.isEmpty {
            let lower = secret.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            for word in rule.stopwords where lower.firstRange(of: word) != nil { return false }
        }
        if rule.rule.checkPlaceholders, Placeholders.isPlaceholder(bytes: secret) { return false }
        // Published documentation examples are not leaks; rules rated info exist to name them.
        if rule.rule.severity != .info, DocumentationExamples.isKnownExample(bytes: secret) { return false }
        for allow in patterns.allow where matcher.matches(allow, secret) { return false }
        return true
    }
}

/// Computes 1-based line and column for matches in one pass over the data, and the text of each match's line.
struct LineLocator {
    /// Absolute offset and line number of a known line start at or before the data's first byte.
    var lineStartOffset = 0
    var lineNumber = 1
    /// Absolute offset up to which newlines have been counted.
    var countedUpTo = 0

    mutating func locate(_ matches: [RawMatch], in data: UnsafeRawBufferPointer, baseOffset: Int) -> [Candidate] {
        let sorted = matches.sorted { $0.secretStart < $1.secretStart }
        var candidates: [Candidate] = []
        candidates.reserveCapacity(sorted.count)
        for match in sorted {
            let start = advance(to: match.secretStart, in: data, baseOffset: baseOffset)
            let column = match.secretStart - start.lineStart + 1
            // End position: count newlines inside the secret (multi-line keys).
            var endLine = start.line
            var endLineStart = start.lineStart
            for offset in match.secretStart..<match.secretEnd where data[offset - baseOffset] == 10 {
                endLine += 1
                endLineStart = offset + 1
            }
            let previousLine = Self.previousLine(in: data, baseOffset: baseOffset, lineStart: start.lineStart)
            let lineText = Self.line(in: data, baseOffset: baseOffset, lineStart: max(start.lineStart, baseOffset),
                                     near: match.secretStart)
            candidates.append(Candidate(
                ruleIndex: match.ruleIndex,
                confidence: match.confidence,
                secret: String(decoding: match.secret, as: UTF8.self),
                location: Location(line: start.line, column: column, endLine: endLine,
                                   endColumn: match.secretEnd - endLineStart + 1,
                                   byteOffset: match.secretStart, byteLength: match.secretEnd - match.secretStart),
                lineText: lineText, previousLineText: previousLine))
        }
        return candidates
    }

    /// Counts newlines up to `offset` (absolute) and returns the line number and that line's start.
    mutating func advance(to offset: Int, in data: UnsafeRawBufferPointer, baseOffset: Int) -> (line: Int, lineStart: Int) {
        var position = max(countedUpTo, baseOffset)
        while position < offset {
            if data[position - baseOffset] == 10 {
                lineNumber += 1
                lineStartOffset = position + 1
            }
            position += 1
        }
        countedUpTo = max(countedUpTo, offset)
        return (lineNumber, lineStartOffset)
    }

    /// Skips ahead over bytes leaving the window (streaming), keeping the line count right.
    mutating func consume(upTo offset: Int, in data: UnsafeRawBufferPointer, baseOffset: Int) {
        _ = advance(to: offset, in: data, baseOffset: baseOffset)
    }

    /// The line before the one starting at `lineStart` (an allow comment may stand there), if it is in the data.
    static func previousLine(in data: UnsafeRawBufferPointer, baseOffset: Int, lineStart: Int) -> String? {
        let end = lineStart - baseOffset - 1  // the newline ending the previous line
        guard end >= 0, end < data.count else { return nil }
        var start = end
        let limit = max(0, end - 2048)
        while start > limit, data[start - 1] != 10 { start -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: data[start..<end]), as: UTF8.self)
    }

    static func line(in data: UnsafeRawBufferPointer, baseOffset: Int, lineStart: Int, near offset: Int) -> String {
        let from = max(lineStart - baseOffset, offset - baseOffset - 2048, 0)
        var to = offset - baseOffset
        let limit = min(data.count, to + 2048)
        while to < limit, data[to] != 10 { to += 1 }
        var end = to
        if end > from, data[end - 1] == 13 { end -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: data[from..<end]), as: UTF8.self)
    }
}
