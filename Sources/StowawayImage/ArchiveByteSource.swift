#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CArchive

/// Where a reader's bytes come from, handed to libarchive as callbacks. The context pointer is unretained: the
/// `ArchiveReader` keeps its source alive for as long as the handle exists.
protocol ArchiveByteSource: AnyObject {
    /// Why reading failed, in words for the user (libarchive only knows that the callback returned -1).
    var failure: String? { get }
    func install(on handle: OpaquePointer)
}

/// Reads a byte range of a file with `pread` into its own buffer; skipping is free (the next read starts later).
/// With a hasher, every byte read is hashed (a layer blob verified against its digest as it streams past).
final class FileRangeSource: ArchiveByteSource {
    let range: FileRange
    private(set) var position = 0
    var hasher: BlobHasher?
    private let buffer: UnsafeMutableRawBufferPointer
    private(set) var failure: String?

    static let bufferSize = 1 << 20

    init(_ range: FileRange) {
        self.range = range
        buffer = .allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func install(on handle: OpaquePointer) {
        archive_read_set_read_callback(handle, Self.readCallback)
        archive_read_set_skip_callback(handle, Self.skipCallback)
        archive_read_set_callback_data(handle, Unmanaged.passUnretained(self).toOpaque())
    }

    private func read(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        let wanted = min(buffer.count, range.length - position)
        guard wanted > 0 else { return 0 }
        let got = range.file.read(into: buffer.baseAddress!, count: wanted, at: range.offset + position)
        if got < 0 {
            failure = "read failed: \(String(cString: strerror(errno)))"
            return -1
        }
        if got == 0 {
            failure = "unexpected end of file at byte \(range.offset + position)"
            return -1
        }
        position += got
        hasher?.update(UnsafeRawBufferPointer(start: buffer.baseAddress!, count: got))
        out.pointee = UnsafeRawPointer(buffer.baseAddress!)
        return got
    }

    private func skip(_ request: Int64) -> Int64 {
        // A hashed blob is read through: every byte counts towards its digest.
        if hasher != nil { return 0 }
        let skipped = min(Int(request), range.length - position)
        position += skipped
        return Int64(skipped)
    }

    /// Reads (and hashes) what the decompressor left unread, so the digest covers the whole blob; the failure, if any.
    func readRest() -> String? {
        while position < range.length {
            let wanted = min(buffer.count, range.length - position)
            let got = range.file.read(into: buffer.baseAddress!, count: wanted, at: range.offset + position)
            if got < 0 { return "read failed: \(String(cString: strerror(errno)))" }
            if got == 0 { return "unexpected end of file at byte \(range.offset + position)" }
            hasher?.update(UnsafeRawBufferPointer(start: buffer.baseAddress!, count: got))
            position += got
        }
        return nil
    }

    private static let readCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?,
                                                     UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int = { _, context, out in
        guard let context, let out else { return -1 }
        return Unmanaged<FileRangeSource>.fromOpaque(context).takeUnretainedValue().read(out)
    }

    private static let skipCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int64) -> Int64 = {
        _, context, request in
        guard let context else { return 0 }
        return Unmanaged<FileRangeSource>.fromOpaque(context).takeUnretainedValue().skip(request)
    }
}

/// Reads the current entry of a parent archive: a nested archive streamed without holding it whole. The bytes the
/// caller already took out of the entry (to recognise the archive) come first.
final class ParentEntrySource: ArchiveByteSource {
    let parent: ArchiveReader
    private let prefix: UnsafeMutableRawBufferPointer
    private var prefixDelivered = false
    private(set) var failure: String?

    init(parent: ArchiveReader, prefix: UnsafeRawBufferPointer) {
        self.parent = parent
        self.prefix = .allocate(byteCount: max(prefix.count, 1), alignment: 16)
        if prefix.count > 0 { self.prefix.copyMemory(from: prefix) }
        prefixDelivered = prefix.isEmpty
    }

    deinit { prefix.deallocate() }

    func install(on handle: OpaquePointer) {
        archive_read_set_read_callback(handle, Self.readCallback)
        archive_read_set_callback_data(handle, Unmanaged.passUnretained(self).toOpaque())
    }

    private func read(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        if !prefixDelivered {
            prefixDelivered = true
            out.pointee = UnsafeRawPointer(prefix.baseAddress!)
            return prefix.count
        }
        while true {
            switch parent.readBlock() {
            case .data(let block):
                guard block.count > 0 else { continue }
                out.pointee = block.baseAddress
                return block.count
            case .end:
                return 0
            case .failure(let message):
                failure = message
                return -1
            }
        }
    }

    private static let readCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?,
                                                     UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int = { _, context, out in
        guard let context, let out else { return -1 }
        return Unmanaged<ParentEntrySource>.fromOpaque(context).takeUnretainedValue().read(out)
    }
}

/// Reads a descriptor sequentially (standard input, a pipe): no skipping, no seeking.
final class DescriptorSource: ArchiveByteSource {
    let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private(set) var failure: String?

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer = .allocate(byteCount: FileRangeSource.bufferSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func install(on handle: OpaquePointer) {
        archive_read_set_read_callback(handle, Self.readCallback)
        archive_read_set_callback_data(handle, Unmanaged.passUnretained(self).toOpaque())
    }

    private func read(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        while true {
            let got = systemRead(descriptor, buffer.baseAddress!, buffer.count)
            if got < 0, errno == EINTR { continue }
            if got < 0 {
                failure = "read failed: \(String(cString: strerror(errno)))"
                return -1
            }
            out.pointee = UnsafeRawPointer(buffer.baseAddress!)
            return got
        }
    }

    private static let readCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?,
                                                     UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int = { _, context, out in
        guard let context, let out else { return -1 }
        return Unmanaged<DescriptorSource>.fromOpaque(context).takeUnretainedValue().read(out)
    }
}

/// The decompressed bytes of a layer blob (the one entry of a raw-format reader), handed to the layer's tar reader
/// without a copy. Hashes them when the layer is known by its uncompressed digest (a diff id), and keeps what it
/// needs to look at whatever follows the tar's end-of-archive marker, which the tar reader itself never reads.
final class LayerStreamSource: ArchiveByteSource {
    let stream: ArchiveReader
    var hasher: BlobHasher?
    /// Bytes handed to the tar reader so far.
    private(set) var delivered = 0
    private(set) var failure: String?
    /// The last block handed over: valid until the stream is read again.
    private var lastBlock = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The end of the block before it: libarchive may hold up to one header (512 bytes) across a block boundary.
    private var previousTail: [UInt8] = []
    static let keptTail = 1024

    init(stream: ArchiveReader) { self.stream = stream }

    func install(on handle: OpaquePointer) {
        archive_read_set_read_callback(handle, Self.readCallback)
        archive_read_set_callback_data(handle, Unmanaged.passUnretained(self).toOpaque())
    }

    private func read(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        while true {
            switch stream.readBlock() {
            case .data(let block):
                guard block.count > 0 else { continue }
                if lastBlock.count > 0 { previousTail = Array(lastBlock.suffix(Self.keptTail)) }
                lastBlock = block
                hasher?.update(block)
                delivered += block.count
                out.pointee = block.baseAddress
                return block.count
            case .end:
                lastBlock = UnsafeRawBufferPointer(start: nil, count: 0)
                return 0
            case .failure(let message):
                failure = message
                return -1
            }
        }
    }

    /// What follows the tar's end: how many bytes, whether any is not zero (tar pads with zeros; anything else is
    /// data no extraction would see), and why reading it stopped early, if it did.
    struct Trailing {
        var bytes = 0
        var hasData = false
        var failure: String?
        var stoppedAtLimit = false
    }

    /// Reads the rest of the stream after the tar reader stopped at byte `consumed`, hashing it, up to `limit`
    /// decompressed bytes in all.
    func readTrailing(consumed: Int, limit: Int) -> Trailing {
        var trailing = Trailing()
        let unconsumed = max(0, delivered - consumed)
        let inLast = min(unconsumed, lastBlock.count)
        if inLast > 0 { trailing.hasData = lastBlock[(lastBlock.count - inLast)...].contains { $0 != 0 } }
        let inPrevious = min(unconsumed - inLast, previousTail.count)
        if inPrevious > 0 { trailing.hasData = trailing.hasData || previousTail.suffix(inPrevious).contains { $0 != 0 } }
        trailing.bytes = unconsumed
        while true {
            switch stream.readBlock() {
            case .data(let block):
                guard block.count > 0 else { continue }
                hasher?.update(block)
                delivered += block.count
                trailing.bytes += block.count
                if !trailing.hasData { trailing.hasData = block.contains { $0 != 0 } }
                if delivered > limit {
                    trailing.stoppedAtLimit = true
                    return trailing
                }
            case .end:
                return trailing
            case .failure(let message):
                trailing.failure = message
                return trailing
            }
        }
    }

    private static let readCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?,
                                                     UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int = { _, context, out in
        guard let context, let out else { return -1 }
        return Unmanaged<LayerStreamSource>.fromOpaque(context).takeUnretainedValue().read(out)
    }
}
