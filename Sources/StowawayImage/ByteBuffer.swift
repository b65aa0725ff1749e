/// A growable byte buffer reused from file to file by one worker (one per nesting level, so an archive held in
/// memory stays put while the files inside it are read into the next level's buffer).
final class ByteBuffer {
    private var storage: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    init(capacity: Int = 1 << 20) {
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    func reset() { count = 0 }

    func append(_ data: UnsafeRawBufferPointer) {
        guard data.count > 0 else { return }
        if count + data.count > storage.count {
            var capacity = storage.count
            while capacity < count + data.count { capacity *= 2 }
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
            grown.copyMemory(from: bytes)
            storage.deallocate()
            storage = grown
        }
        (storage.baseAddress! + count).copyMemory(from: data.baseAddress!, byteCount: data.count)
        count += data.count
    }
}
