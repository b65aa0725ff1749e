import CArchive
import StowawayCore

/// One libarchive read handle. Never shared between threads: each worker creates its own for every layer or nested
/// archive it opens. Compression is detected from the content (`archive_read_support_filter_all`).
final class ArchiveReader {
    enum Formats {
        /// Image layers and outer image archives.
        case tar
        /// Archives found inside layers.
        case nested
        /// Any byte stream, decompressed: for spooling a compressed outer archive or standard input.
        case raw
    }

    enum Next {
        case entry(ArchiveEntryInfo)
        case end
        case failure(String)
    }

    enum Block {
        case data(UnsafeRawBufferPointer)
        case end
        case failure(String)
    }

    let handle: OpaquePointer
    /// The callback context libarchive reads through; kept alive as long as the handle.
    private var source: (any ArchiveByteSource)?
    /// Why the last operation failed, beyond libarchive's own message.
    private var sourceFailure: String? { source?.failure }

    /// `decompress: false` reads the bytes as they are: the tar inside a layer whose compression a raw reader
    /// already undid.
    init(formats: Formats, decompress: Bool = true) throws(StowawayError) {
        guard let handle = archive_read_new() else { throw StowawayError("libarchive", "cannot allocate a reader") }
        self.handle = handle
        if decompress { archive_read_support_filter_all(handle) }
        switch formats {
        case .tar:
            archive_read_support_format_tar(handle)
        case .nested:
            archive_read_support_format_tar(handle)
            archive_read_support_format_zip(handle)
        case .raw:
            archive_read_support_format_raw(handle)
        }
    }

    deinit { archive_read_free(handle) }

    /// Reads a range of a file with `pread`: a layer inside an outer tar, or a blob file.
    func open(_ range: FileRange) throws(StowawayError) {
        try open(source: FileRangeSource(range))
    }

    /// Reads the data of the current entry of `parent` (a nested archive too large to hold), after `prefix`, the
    /// bytes of it already taken out.
    func open(parent: ArchiveReader, prefix: UnsafeRawBufferPointer) throws(StowawayError) {
        try open(source: ParentEntrySource(parent: parent, prefix: prefix))
    }

    /// Reads a file descriptor sequentially (standard input).
    func open(descriptor: Int32) throws(StowawayError) {
        try open(source: DescriptorSource(descriptor: descriptor))
    }

    /// Reads bytes held in memory; they must outlive the reader. Seekable, so a zip's central directory is used.
    func open(memory: UnsafeRawBufferPointer) throws(StowawayError) {
        let status = archive_read_open_memory(handle, memory.baseAddress, memory.count)
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw StowawayError("", errorMessage) }
    }

    func open(source: any ArchiveByteSource) throws(StowawayError) {
        self.source = source
        source.install(on: handle)
        let status = archive_read_open1(handle)
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw StowawayError("", errorMessage) }
    }

    func next() -> Next {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        // WARN covers names that cannot be converted to the current locale: the entry is still usable.
        if (status == ARCHIVE_OK || status == ARCHIVE_WARN), let entry { return .entry(ArchiveEntryInfo(entry)) }
        if status == ARCHIVE_EOF { return .end }
        return .failure(errorMessage)
    }

    func readBlock() -> Block {
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: Int64 = 0
        let status = archive_read_data_block(handle, &buffer, &size, &offset)
        if status == ARCHIVE_EOF { return .end }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { return .failure(errorMessage) }
        guard let buffer, size > 0 else { return .data(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return .data(UnsafeRawBufferPointer(start: buffer, count: size))
    }

    /// Bytes produced so far by the decompressor (or read, when uncompressed): the stream the format reader sees.
    var decompressedPosition: Int { Int(archive_filter_bytes(handle, 0)) }

    /// Bytes taken from the source so far by the decompressor (or the format reader, when uncompressed).
    var consumedInputBytes: Int { Int(archive_filter_bytes(handle, -1)) }

    /// Whether the stream was compressed (the top filter is not "none").
    var isCompressed: Bool { archive_filter_code(handle, 0) != ARCHIVE_FILTER_NONE }

    var errorMessage: String {
        if let sourceFailure { return sourceFailure }
        return archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
