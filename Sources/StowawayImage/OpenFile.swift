#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayCore

/// A read-only file shared by the workers of one image. Reads use `pread`, which carries its own offset, so workers
/// reading different layers of the same archive never disturb each other. Closed when the last user lets go.
public final class OpenFile: Sendable {
    public let descriptor: Int32
    public let size: Int

    /// Takes ownership of `descriptor`.
    init(descriptor: Int32, name: String) throws(StowawayError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw StowawayError(name, "cannot stat: \(message)")
        }
        self.descriptor = descriptor
        size = Int(info.st_size)
    }

    static func open(path: String) throws(StowawayError) -> OpenFile {
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StowawayError(path, "cannot open: \(String(cString: strerror(errno)))") }
        return try OpenFile(descriptor: descriptor, name: path)
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file. -1 on an I/O error (errno set).
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset`.
    func bytes(at offset: Int, count: Int, name: String) throws(StowawayError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let got = result.withUnsafeMutableBytes { read(into: $0.baseAddress!, count: count, at: offset) }
        if got < 0 { throw StowawayError(name, "read failed: \(String(cString: strerror(errno)))") }
        if got < count { throw StowawayError(name, "unexpected end of file (\(got) of \(count) bytes)") }
        return result
    }
}

/// A byte range of an open file: a blob inside an uncompressed outer tar, or a whole blob file of a layout directory.
public struct FileRange: Sendable {
    public let file: OpenFile
    public let offset: Int
    public let length: Int

    init(file: OpenFile, offset: Int, length: Int) {
        self.file = file
        self.offset = offset
        self.length = length
    }

    init(wholeFile file: OpenFile) { self.init(file: file, offset: 0, length: file.size) }
}

/// `open(2)` and `read(2)` under names that methods called `open` and `read` do not shadow.
func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { open(path, flags, mode) }
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(descriptor, buffer, count) }
