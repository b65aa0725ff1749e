#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayDocker
import StowawayFiles

/// The files a tree walk found, sorted by path, so a Dockerfile's build context is a range lookup instead of a second
/// walk of its folder (348 Dockerfiles in a 415 MB tree made re-walking a third of the scan's time). What a context
/// needs to know of each file (could its name hold a credential, is it an ignore file, is it under a VCS or dependency
/// folder) is decided once per file here, not once per context that contains it.
///
/// Paths live in one byte arena with an offset per file (about 110 bytes a file instead of a `String` and a C string
/// each), so the index of a large tree stays a small part of the scan's memory. Built while the walk runs (`add`),
/// sorted once it is over (`finish`).
struct WalkIndex: Sendable {
    private var arena: [UInt8] = []
    /// Start of each file's path in `arena`; the path ends where the next one starts (`ends`).
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var flags: [UInt8] = []
    /// File numbers in path order (bytes compared, so a context's files are one contiguous run).
    private var order: [Int32] = []

    private static let mightHoldCredential: UInt8 = 1
    private static let underSkippedFolder: UInt8 = 2
    /// The name ends in `ignore` (`.dockerignore`, `.gitignore`): read when directly in a context's folder.
    private static let endsInIgnore: UInt8 = 4

    init() {}

    /// An index of `files` at once (tests, and walks that are not pipelined).
    init(_ files: [WalkedFile]) {
        add(files[...])
        finish()
    }

    mutating func add(_ files: ArraySlice<WalkedFile>) {
        for file in files {
            let path = file.path.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            var flag: UInt8 = 0
            if BuildContext.mightHoldCredential(path) { flag |= Self.mightHoldCredential }
            if BuildContext.isUnderSkippedFolder(path) { flag |= Self.underSkippedFolder }
            if path.utf8.count >= 6, path.utf8.suffix(6).elementsEqual("ignore".utf8) { flag |= Self.endsInIgnore }
            starts.append(arena.count)
            arena.append(contentsOf: path.utf8)
            ends.append(arena.count)
            flags.append(flag)
        }
    }

    mutating func finish() {
        var order = (0..<Int32(starts.count)).map { $0 }
        arena.withUnsafeBufferPointer { bytes in
            order.sort { Self.compare(bytes, starts[Int($0)], ends[Int($0)], bytes, starts[Int($1)], ends[Int($1)]) < 0 }
        }
        self.order = order
    }

    var count: Int { starts.count }

    /// The build context of `directory` (as opened): membership answered from the index (no listing copied), the
    /// files worth reading (credential-like names, ignore files in the folder), and whether it holds more than `limit`
    /// files (VCS and dependency folders left out, as everywhere); files past the limit are not members.
    func context(below directory: String, limit: Int)
        -> (files: ContextFiles, candidates: [(path: String, mightHoldCredential: Bool)], truncated: Bool)
    {
        let prefix = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8)
        let first = lowerBound(prefix)
        var candidates: [(path: String, mightHoldCredential: Bool)] = []
        var members = 0
        var end = first
        var truncated = false
        arena.withUnsafeBufferPointer { bytes in
            while end < order.count {
                let file = Int(order[end])
                guard ends[file] - starts[file] >= prefix.count,
                      Self.compare(bytes, starts[file], starts[file] + prefix.count, prefix) == 0 else { break }
                let flag = flags[file]
                if flag & Self.underSkippedFolder == 0 {
                    if members == limit {
                        truncated = true
                        break
                    }
                    members += 1
                    if flag & (Self.mightHoldCredential | Self.endsInIgnore) != 0 {
                        let relative = String(decoding: bytes[(starts[file] + prefix.count)..<ends[file]], as: UTF8.self)
                        let credential = flag & Self.mightHoldCredential != 0
                        if credential || BuildContext.isIgnoreFileName(relative) { candidates.append((relative, credential)) }
                    }
                }
                end += 1
            }
        }
        let range = first..<end
        let files = ContextFiles { [self] relative in
            let path = prefix + Array(relative.utf8)
            let index = lowerBound(path)
            guard range.contains(index) else { return false }
            let file = Int(order[index])
            return flags[file] & Self.underSkippedFolder == 0
                && arena.withUnsafeBufferPointer { Self.compare($0, starts[file], ends[file], path) == 0 }
        }
        return (files, candidates, truncated)
    }

    /// Position in `order` of the first path not below `path` in byte order.
    private func lowerBound(_ path: [UInt8]) -> Int {
        arena.withUnsafeBufferPointer { bytes in
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                let file = Int(order[middle])
                if Self.compare(bytes, starts[file], ends[file], path) < 0 { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private static func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ other: [UInt8]) -> Int {
        other.withUnsafeBufferPointer { compare(bytes, start, end, $0, 0, $0.count) }
    }

    /// Byte-wise three-way comparison of `a[aStart..<aEnd]` and `b[bStart..<bEnd]`.
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
                                _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int) -> Int {
        let aLength = aEnd - aStart, bLength = bEnd - bStart
        let common = min(aLength, bLength)
        if common > 0 {
            let result = memcmp(a.baseAddress! + aStart, b.baseAddress! + bStart, common)
            if result != 0 { return Int(result) }
        }
        return aLength - bLength
    }
}
