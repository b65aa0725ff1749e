#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import StowawayCore

/// Copies a stream that cannot be read by offset (standard input, or a compressed outer archive) into a private
/// temporary file, decompressing it on the way, so its blobs can then be read by offset like any archive.
///
/// Why spool rather than scan in one pass: `docker save` writes `manifest.json` after the layers, so layer order,
/// build steps and whiteouts are only known at the end, and parallel layer workers need random access. The file is
/// created with mode 0600 and unlinked at once: it has no name while in use and vanishes on any exit, even a crash.
enum InputSpool {
    static func spool(_ open: (ArchiveReader) throws(StowawayError) -> Void, name: String) throws(StowawayError) -> OpenFile {
        let descriptor = try makeUnlinkedTemporaryFile(name: name)
        var handedOver = false
        defer { if !handedOver { close(descriptor) } }
        let reader = try ArchiveReader(formats: .raw)
        do {
            try open(reader)
        } catch {
            throw StowawayError(name, "cannot read: \(error.message)")
        }
        guard case .entry = reader.next() else { throw StowawayError(name, "empty input: \(reader.errorMessage)") }
        var written = 0
        loop: while true {
            switch reader.readBlock() {
            case .data(let block):
                var done = 0
                while done < block.count {
                    let count = write(descriptor, block.baseAddress! + done, block.count - done)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else {
                        throw StowawayError(name, "cannot spool to a temporary file: \(String(cString: strerror(errno)))")
                    }
                    done += count
                }
                written += block.count
            case .end:
                break loop
            case .failure(let message):
                throw StowawayError(name, "cannot read after \(written) bytes: \(message)")
            }
        }
        guard written > 0 else { throw StowawayError(name, "empty input") }
        handedOver = true
        return try OpenFile(descriptor: descriptor, name: name)
    }

    private static func makeUnlinkedTemporaryFile(name: String) throws(StowawayError) -> Int32 {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/stowaway-image-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw StowawayError(name, "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return descriptor
    }
}
