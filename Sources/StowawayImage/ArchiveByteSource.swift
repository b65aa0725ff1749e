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
final class FileRangeSource: ArchiveByteSource {
    let range: FileRange
    private var position = 0
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
        out.pointee = UnsafeRawPointer(buffer.baseAddress!)
        return got
    }

    private func skip(_ request: Int64) -> Int64 {
        let skipped = min(Int(request), range.length - position)
        position += skipped
        return Int64(skipped)
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
