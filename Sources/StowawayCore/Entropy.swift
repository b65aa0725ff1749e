/// Shannon entropy in bits per byte: random base64 of 40 bytes is ~5, English words ~3.5, "aaaa" 0.
public func shannonEntropy<Bytes: Collection>(_ bytes: Bytes) -> Double where Bytes.Element == UInt8 {
    guard !bytes.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    for byte in bytes { counts[Int(byte)] += 1 }
    let total = Double(bytes.count)
    var entropy = 0.0
    for count in counts where count > 0 {
        let p = Double(count) / total
        entropy -= p * log2(p)
    }
    return entropy
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
