/// A `<<NAME` marker in a `RUN`/`COPY`/`ADD` line; its body follows on the next lines.
struct HeredocMarker: Sendable, Equatable {
    var name: String
    var isQuoted: Bool
    var stripsTabs: Bool

    /// The markers in an instruction line, left to right, outside quotes. `<<<` (a here-string) is not one.
    static func find(in text: MappedText) -> [HeredocMarker] {
        let bytes = text.bytes
        var markers: [HeredocMarker] = []
        var quote: UInt8? = nil
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "<"),
                  index == 0 || bytes[index - 1] != UInt8(ascii: "<"),
                  index + 2 >= bytes.count || bytes[index + 2] != UInt8(ascii: "<")
            else {
                index += 1
                continue
            }
            var cursor = index + 2
            let stripsTabs = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
            if stripsTabs { cursor += 1 }
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            var name: [UInt8] = []
            var isQuoted = false
            while cursor < bytes.count {
                let current = bytes[cursor]
                if current == UInt8(ascii: "'") || current == UInt8(ascii: "\"") {
                    isQuoted = true
                    cursor += 1
                    while cursor < bytes.count, bytes[cursor] != current {
                        name.append(bytes[cursor])
                        cursor += 1
                    }
                    cursor += 1
                    continue
                }
                if Self.endsName(current) { break }
                name.append(current)
                cursor += 1
            }
            if !name.isEmpty {
                markers.append(HeredocMarker(name: String(decoding: name, as: UTF8.self), isQuoted: isQuoted,
                                             stripsTabs: stripsTabs))
            }
            index = max(cursor, index + 2)
        }
        return markers
    }

    static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"):
            true
        default:
            false
        }
    }
}
