#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StowawayImage

/// The bytes libFuzzer hands to `LLVMFuzzerTestOneInput`, as a buffer (libFuzzer may pass a null pointer for size 0).
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    guard let data, size > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: data, count: size)
}

/// A private folder for harnesses that must hand the product a file (image layouts, layer blobs): under
/// `$STOWAWAY_FUZZ_SCRATCH` when set (`make fuzz` points it into its work folder), else the system temporary folder.
/// One per process, removed when the process exits normally.
public enum FuzzScratch {
    public static let directory: String = {
        let base = ProcessInfoLite.environment("STOWAWAY_FUZZ_SCRATCH") ?? ProcessInfoLite.environment("TMPDIR") ?? "/tmp"
        mkdir(base, 0o700)
        var template = Array("\(base)/scratch-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("cannot create a scratch folder under \(base)") }
        let path = String(cString: made)
        scratchToRemove = path
        atexit { if let path = scratchToRemove { removeTree(path) } }
        return path
    }()

    /// `directory/relative`, with its parent folders created.
    public static func path(_ relative: String) -> String {
        let full = directory + "/" + relative
        var parent = ""
        for component in full.split(separator: "/").dropLast() {
            parent += "/" + component
            mkdir(parent, 0o700)
        }
        return full
    }

    /// Replaces the file at `relative` with `bytes`; returns its full path.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, to relative: String) -> String {
        let full = path(relative)
        let descriptor = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { fatalError("cannot write \(full)") }
        defer { close(descriptor) }
        var done = 0
        while done < bytes.count {
            let wrote = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            guard wrote > 0 else { fatalError("cannot write \(full)") }
            done += wrote
        }
        return full
    }

    @discardableResult
    public static func write(_ bytes: [UInt8], to relative: String) -> String {
        bytes.withUnsafeBytes { write($0, to: relative) }
    }

    public static func remove(_ relative: String) {
        unlink(directory + "/" + relative)
    }
}

nonisolated(unsafe) private var scratchToRemove: String?

private func removeTree(_ path: String) {
    guard let folder = opendir(path) else {
        unlink(path)
        return
    }
    while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        var info = stat()
        if lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { removeTree(child) } else { unlink(child) }
    }
    closedir(folder)
    rmdir(path)
}

/// Environment lookup without Foundation (keeps the harness processes small).
enum ProcessInfoLite {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// Receives a layer's files and reads every byte of them, so a buffer handed out with a wrong length or after it was
/// freed shows up under AddressSanitizer.
public final class ReadingSink: ArchiveContentSink {
    public private(set) var checksum: UInt8 = 0
    public private(set) var files = 0

    public init() {}

    private func consume(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { checksum &+= byte }
    }

    public func scanWhole(_ contents: UnsafeRawBufferPointer, file: ArchiveFile) {
        files += 1
        precondition(!file.path.isEmpty, "a layer file without a path")
        consume(contents)
    }

    public func beginChunks(_ first: UnsafeRawBufferPointer, file: ArchiveFile) -> Bool {
        files += 1
        consume(first)
        return true
    }

    public func continueChunks(_ chunk: UnsafeRawBufferPointer) { consume(chunk) }

    public func endChunks() {}
}

/// The signature of `LLVMFuzzerTestOneInput`.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzTarget) -> Int32

/// Starts libFuzzer's driver. SwiftPM links an executable target with `main` renamed to `<Module>_main`, so each
/// harness defines that symbol and calls this instead of relying on libFuzzer's own `main`.
public func runLibFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ target: FuzzTarget) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, target)
}
