import FuzzSupport
import StowawayEngine

/// The base64 and UTF-16 decoders on arbitrary bytes, with the properties the scanner relies on: spans lie inside the
/// input, do not overlap, decode to printable text of the length base64 allows; UTF-16 input transcodes to valid UTF-8.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    var previousEnd = 0
    for span in Decoders.base64TextSpans(in: bytes, minimumLength: 8, limit: 64) {
        precondition(span.start >= previousEnd && span.start < span.end && span.end <= bytes.count, "span out of range")
        precondition(span.decoded.count <= (span.end - span.start) * 3 / 4, "decoded longer than base64 allows")
        precondition(Decoders.isPrintableText(span.decoded), "a span that does not decode to text")
        previousEnd = span.end
    }
    if let whole = Decoders.decodeBase64(bytes, 0, bytes.count) {
        precondition(whole.count == bytes.count * 6 / 8, "whole-input decode has the wrong length")
    }
    if let utf8 = Decoders.utf16AsUTF8(bytes) {
        precondition(String(validating: utf8, as: UTF8.self) != nil, "UTF-16 transcoded to invalid UTF-8")
        precondition(utf8.count <= bytes.count / 2 * 3, "transcoding grew more than UTF-8 allows")
    }
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzDecoders_main")
public func fuzzDecodersMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzDecoders)
}
