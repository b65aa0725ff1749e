import CArchive

/// Compresses bytes with libarchive's writers (gzip without a timestamp, so output is the same on every run), and
/// writes zip archives for the nested-archive tests.
enum Compression: String, CaseIterable, Sendable {
    case none, gzip, zstd

    var mediaTypeSuffix: String {
        switch self {
        case .none: return ""
        case .gzip: return "+gzip"
        case .zstd: return "+zstd"
        }
    }
}

enum Compressor {
    static func compress(_ data: [UInt8], _ method: Compression) -> [UInt8] {
        guard method != .none else { return data }
        return write(capacity: data.count + data.count / 8 + (1 << 20)) { archive in
            switch method {
            case .gzip:
                archive_write_add_filter_gzip(archive)
                archive_write_set_options(archive, "gzip:!timestamp")
            case .zstd:
                archive_write_add_filter_zstd(archive)
            case .none:
                break
            }
            archive_write_set_format_raw(archive)
        } entries: { archive in
            addEntry(archive, name: "data", data: data)
        }
    }

    /// A zip archive of the given files (stored in the given order, fixed mtime).
    static func zip(_ files: [(name: String, data: [UInt8])]) -> [UInt8] {
        write(capacity: files.reduce(1 << 20) { $0 + $1.data.count * 2 + 512 }) { archive in
            archive_write_set_format_zip(archive)
        } entries: { archive in
            for file in files { addEntry(archive, name: file.name, data: file.data) }
        }
    }

    private static func addEntry(_ archive: OpaquePointer, name: String, data: [UInt8]) {
        let entry = archive_entry_new()
        archive_entry_set_pathname(entry, name)
        archive_entry_set_filetype(entry, carchive_ifreg())
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, Int64(data.count))
        archive_entry_set_mtime(entry, time_t(TarWriter.mtime), 0)
        archive_write_header(archive, entry)
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = archive_write_data(archive, raw.baseAddress! + offset, raw.count - offset)
                guard written > 0 else { break }
                offset += written
            }
        }
        archive_entry_free(entry)
    }

    private static func write(capacity: Int, _ configure: (OpaquePointer) -> Void,
                              entries: (OpaquePointer) -> Void) -> [UInt8] {
        let archive = archive_write_new()!
        configure(archive)
        archive_write_set_bytes_in_last_block(archive, 1)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var used = 0
        archive_write_open_memory(archive, buffer, capacity, &used)
        entries(archive)
        archive_write_close(archive)
        archive_write_free(archive)
        return Array(UnsafeRawBufferPointer(start: buffer, count: used))
    }
}
