import CZlib

/// Inflates gzip-compressed blobs (rotated logs, dumps, `.gz` backups) so the secrets inside can be scanned. Output
/// is handed out in chunks, so a large or hostile blob never has to fit in memory.
public enum GzipInflater {
    public enum Outcome: Sendable, Equatable {
        /// The whole stream was inflated: this many bytes.
        case complete(Int)
        /// Stopped at the limit after this many bytes.
        case truncated(Int)
        /// Not valid gzip (or cut short) after this many bytes; zlib's reason.
        case corrupt(Int, String)
    }

    /// The gzip magic number and the deflate method byte.
    public static func looksCompressed(_ data: UnsafeRawBufferPointer) -> Bool {
        data.count >= 18 && data[0] == 0x1F && data[1] == 0x8B && data[2] == 8
    }

    /// Inflates every gzip member in `data` (concatenated members are valid gzip), handing decompressed chunks to
    /// `body`, and stops once `limit` bytes came out.
    public static func inflate(_ data: UnsafeRawBufferPointer, limit: Int, chunkSize: Int = 1 << 20,
                               _ body: (UnsafeRawBufferPointer) -> Void) -> Outcome {
        guard let base = data.baseAddress else { return .complete(0) }
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { return .corrupt(0, "zlib could not start") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: chunkSize)
        var consumed = 0
        var total = 0
        while true {
            if stream.avail_in == 0, consumed < data.count {
                let piece = min(data.count - consumed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: (base + consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(piece)
                consumed += piece
            }
            let (status, produced) = output.withUnsafeMutableBytes { buffer -> (Int32, Int) in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out))
            }
            if produced > 0 {
                let allowed = min(produced, limit - total)
                output.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<allowed])) }
                total += allowed
                if total >= limit { return .truncated(total) }
            }
            switch status {
            case Z_STREAM_END:
                let remaining = Int(stream.avail_in) + (data.count - consumed)
                let next = data.count - remaining
                // Another member follows; anything else after the stream is padding.
                guard remaining >= 18, data[next] == 0x1F, data[next + 1] == 0x8B else { return .complete(total) }
                guard inflateReset(&stream) == Z_OK else { return .complete(total) }
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && consumed == data.count:
                return .corrupt(total, "compressed data ends early")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return .corrupt(total, reason)
            }
        }
    }
}
