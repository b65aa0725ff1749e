import CGit2
import Foundation

/// A tree object read as bytes (`mode SP name NUL 20-byte id`, repeated) and indexed once, instead of a libgit2
/// `git_tree`: a history walk reads tens of thousands of trees, and comparing entries on the raw bytes is cheaper than
/// a libgit2 call per entry. Entries keep the object's order and are compared exactly as libgit2 compares them, so a
/// walk over raw trees visits what a walk over `git_tree`s did, in the same order.
final class RawTree {
    struct Entry {
        /// Where the entry (its mode) starts in `bytes`.
        let start: Int32
        /// Where the name starts in `bytes`; the NUL and the 20-byte id follow it.
        let nameOffset: Int32
        let nameLength: Int32
        /// The file mode as libgit2 parses it (octal digits, at most 0xFFFF).
        let mode: UInt16

        var isTree: Bool { mode & 0o170000 == 0o040000 }
        var isGitlink: Bool { mode & 0o170000 == 0o160000 }
        /// libgit2's `git_tree_entry_type`: gitlinks are commits, directories trees, anything else a blob.
        var isBlob: Bool { !isTree && !isGitlink }
        var idOffset: Int { Int(nameOffset) + Int(nameLength) + 1 }
        var end: Int { idOffset + 20 }
    }

    let base: UnsafePointer<UInt8>
    let size: Int
    let entries: [Entry]
    /// Entries strictly in Git's order and no name used twice (a file and a directory can share a name in a
    /// hand-made tree): then the entry of a name is the one a sorted merge meets, which is what
    /// `git_tree_entry_byname` returns.
    private(set) lazy var isCanonical: Bool = checkCanonical()
    /// The libgit2 object owning `base`, or nil when `base` is a copy this tree owns.
    private let object: OpaquePointer?

    /// Parses an object read with `git_odb_read` (and takes ownership of it); nil, with the object freed, when it is
    /// not a tree or holds anything libgit2's own parser would treat differently (the caller then asks libgit2).
    init?(odbObject: OpaquePointer) {
        guard git_odb_object_type(odbObject) == GIT_OBJECT_TREE,
              let data = git_odb_object_data(odbObject),
              let parsed = Self.parse(data.assumingMemoryBound(to: UInt8.self), git_odb_object_size(odbObject))
        else {
            git_odb_object_free(odbObject)
            return nil
        }
        object = odbObject
        base = UnsafePointer(data.assumingMemoryBound(to: UInt8.self))
        size = git_odb_object_size(odbObject)
        entries = parsed
    }

    /// Rebuilds the canonical bytes of a tree libgit2 parsed (used only when `init(odbObject:)` declined an unusual
    /// encoding libgit2 accepts), so both paths answer the same.
    init?(libgit2Tree tree: OpaquePointer) {
        var bytes: [UInt8] = []
        for index in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, index)!
            bytes += Array(String(git_tree_entry_filemode_raw(entry).rawValue, radix: 8).utf8)
            bytes.append(UInt8(ascii: " "))
            let name = git_tree_entry_name(entry)!
            bytes += UnsafeRawBufferPointer(start: name, count: strlen(name))
            bytes.append(0)
            bytes += withUnsafeBytes(of: git_tree_entry_id(entry)!.pointee) { Array($0) }
        }
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        copy.initialize(from: bytes, count: bytes.count)
        guard let parsed = Self.parse(copy, bytes.count) else {
            copy.deallocate()
            return nil
        }
        object = nil
        base = UnsafePointer(copy)
        size = bytes.count
        entries = parsed
    }

    deinit {
        if let object { git_odb_object_free(object) } else { UnsafeMutablePointer(mutating: base).deallocate() }
    }

    /// The entries of `bytes`, or nil when something is not in the form Git writes (libgit2 decides those).
    private static func parse(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> [Entry]? {
        var entries: [Entry] = []
        // Entries average about 40 bytes (mode, a name of a dozen bytes, id); cached trees keep this capacity.
        entries.reserveCapacity(size / 36 + 1)
        var position = 0
        while position < size {
            // Mode: octal digits then a space. Signs, blanks and overflow are left to libgit2.
            var mode = 0
            let start = position
            while position < size, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "7"),
                  position - start < 7 {
                mode = mode << 3 | Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
            }
            guard position > start, position < size, bytes[position] == UInt8(ascii: " "), mode <= 0xFFFF
            else { return nil }
            position += 1
            guard let nul = memchr(bytes + position, 0, size - position) else { return nil }
            let nameLength = UnsafeRawPointer(nul) - UnsafeRawPointer(bytes + position)
            guard nameLength > 0, nameLength <= Int(UInt16.max), size - (position + nameLength + 1) >= 20,
                  position <= Int(Int32.max) else { return nil }
            entries.append(Entry(start: Int32(start), nameOffset: Int32(position), nameLength: Int32(nameLength), mode: UInt16(mode)))
            position += nameLength + 1 + 20
        }
        return entries
    }

    private func checkCanonical() -> Bool {
        for index in entries.indices.dropFirst() where compare(entries[index - 1], self, entries[index]) >= 0 {
            return false
        }
        // A directory sorts as `name/`: a file of the same name sits before it, past names that continue with a
        // byte below `/` (`name-x`, `name.c`).
        for index in entries.indices where entries[index].isTree {
            let directory = entries[index]
            var before = index - 1
            while before >= 0 {
                let other = entries[before]
                guard other.nameLength >= directory.nameLength,
                      memcmp(name(other), name(directory), Int(directory.nameLength)) == 0 else { break }
                if other.nameLength == directory.nameLength { return false }
                guard name(other)[Int(directory.nameLength)] < UInt8(ascii: "/") else { break }
                before -= 1
            }
        }
        return true
    }

    // MARK: - Reading entries

    /// What this tree holds in memory: its bytes and its entry index.
    var memoryFootprint: Int { size + entries.capacity * MemoryLayout<Entry>.stride }

    func name(_ entry: Entry) -> UnsafePointer<UInt8> { base + Int(entry.nameOffset) }

    func nameString(_ entry: Entry) -> String {
        String(decoding: UnsafeBufferPointer(start: name(entry), count: Int(entry.nameLength)), as: UTF8.self)
    }

    func idBytes(_ entry: Entry) -> UnsafePointer<UInt8> { base + entry.idOffset }

    func id(_ entry: Entry) -> ObjectID { ObjectID(rawBytes: idBytes(entry)) }

    /// Whether two entries (of this tree and `other`) point at the same object.
    func sameID(_ entry: Entry, _ other: RawTree, _ otherEntry: Entry) -> Bool {
        memcmp(idBytes(entry), other.idBytes(otherEntry), 20) == 0
    }

    /// libgit2's `git_tree_entry_cmp`: names compared bytewise, a directory's name as if it ended with `/`.
    func compare(_ entry: Entry, _ other: RawTree, _ otherEntry: Entry) -> Int32 {
        let left = name(entry)
        let right = other.name(otherEntry)
        let common = Int(min(entry.nameLength, otherEntry.nameLength))
        let order = memcmp(left, right, common)
        if order != 0 { return order }
        // The byte after the common part: the name's NUL terminator when it ends there.
        var leftNext = left[common]
        var rightNext = right[common]
        if leftNext == 0 && entry.isTree { leftNext = UInt8(ascii: "/") }
        if rightNext == 0 && otherEntry.isTree { rightNext = UInt8(ascii: "/") }
        return leftNext < rightNext ? -1 : leftNext > rightNext ? 1 : 0
    }

    /// libgit2's `git_tree_entry_byname`: a binary search on the names' common prefixes, then a scan forward and
    /// back among the entries sharing it for the exact name.
    func entry(named key: UnsafePointer<UInt8>, length: Int) -> Entry? {
        func homing(_ entry: Entry) -> Int32 {
            memcmp(key, name(entry), min(length, Int(entry.nameLength)))
        }
        func matches(_ entry: Entry) -> Bool {
            Int(entry.nameLength) == length && memcmp(key, name(entry), length) == 0
        }
        // git_array_search
        var low = 0
        var limit = entries.count
        var order: Int32 = -1
        while limit != 0 {
            let part = low + (limit >> 1)
            order = homing(entries[part])
            if order == 0 {
                low = part
                break
            }
            if order > 0 {
                low = part + 1
                limit -= 1
            }
            limit >>= 1
        }
        guard order == 0 else { return nil }
        var index = low
        while index < entries.count {
            if homing(entries[index]) < 0 { break }
            if matches(entries[index]) { return entries[index] }
            index += 1
        }
        if low > 0 {
            index = low - 1
            while true {
                if homing(entries[index]) > 0 { break }
                if matches(entries[index]) { return entries[index] }
                if index == 0 { break }
                index -= 1
            }
        }
        return nil
    }

    func entry(namedLike other: RawTree, _ otherEntry: Entry) -> Entry? {
        entry(named: other.name(otherEntry), length: Int(otherEntry.nameLength))
    }

    // MARK: - Identical runs

    /// How many leading entries this tree and `other` share byte for byte (the same entries at the same indexes:
    /// both are parsed from the start, so over identical bytes their entry boundaries coincide).
    func sharedLeadingEntries(with other: RawTree) -> Int {
        let bytes = Self.commonPrefix(base, other.base, min(size, other.size))
        // Entries that end within the identical bytes.
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].end <= bytes { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Where both trees' identical tails start, as entry indexes (this tree's, `other`'s), when some entry of each
    /// starts at the same distance from its end: from there on both hold the same entries.
    func sharedTail(with other: RawTree) -> (Int, Int)? {
        let bytes = Self.commonSuffix(base + size, other.base + other.size, min(size, other.size))
        guard bytes > 0 else { return nil }
        guard let mine = firstEntry(startingAtOrAfter: size - bytes) else { return nil }
        let distance = size - Int(entries[mine].start)
        guard let theirs = other.firstEntry(startingAtOrAfter: other.size - distance),
              other.size - Int(other.entries[theirs].start) == distance else { return nil }
        return (mine, theirs)
    }

    private func firstEntry(startingAtOrAfter offset: Int) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if Int(entries[middle].start) < offset { low = middle + 1 } else { high = middle }
        }
        return low < entries.count ? low : nil
    }

    private static let block = 256

    private static func commonPrefix(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var done = 0
        while done + block <= count, memcmp(left + done, right + done, block) == 0 { done += block }
        while done < count, left[done] == right[done] { done += 1 }
        return done
    }

    /// Common length of the bytes ending just before `left` and `right`.
    private static func commonSuffix(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var done = 0
        while done + block <= count, memcmp(left - done - block, right - done - block, block) == 0 { done += block }
        while done < count, (left - done - 1).pointee == (right - done - 1).pointee { done += 1 }
        return done
    }
}
