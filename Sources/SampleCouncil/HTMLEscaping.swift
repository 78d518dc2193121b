import Foundation

/// The three ways ModernGov pages encode third-party text, reproduced so that a parser
/// built against the sample site meets the same entity forms as on a real council's site.
/// Rendering the benchmark corpus spends much of its time here, so runs of plain bytes are
/// found with `strcspn` and copied whole.
package enum HTMLEscaping {
    /// Plain text and attribute values: `& < > "` as named entities.
    package static func text(_ value: String) -> String {
        escape(value, .text)
    }

    /// ModernGov's own encoder for titles (item and document titles, committee names in
    /// lists): punctuation as numeric entities, e.g. "2026&#47;27", "&#40;Kingston &#38; Richmond&#41;".
    /// With `spaces`, spaces too ("Link&#32;to&#32;…"), as in its `title` attributes.
    package static func moderngov(_ value: String, spaces: Bool = false) -> String {
        escape(value, spaces ? .moderngovSpaces : .moderngov)
    }

    /// Word-exported paragraphs (agenda text, minutes, decisions): named entities for
    /// typography, as Word's HTML filter writes them ("Council&rsquo;s", "&pound;1,800").
    package static func word(_ value: String) -> String {
        escape(value, .word)
    }

    private enum Mode {
        case text, moderngov, moderngovSpaces, word

        /// The bytes that stop a plain run, as a C string for `strcspn`.
        var stops: [CChar] {
            switch self {
            case .text: Mode.cString("&<>\"")
            case .moderngov: Mode.cString("&():/'\"<>")
            case .moderngovSpaces: Mode.cString("&():/'\"<> ")
            case .word: Mode.cString("&<>") .dropLast() + (0x80...0xFF).map { CChar(bitPattern: UInt8($0)) } + [0]
            }
        }

        static func cString(_ text: String) -> [CChar] {
            text.utf8.map { CChar(bitPattern: $0) } + [0]
        }

        func entity(ascii byte: UInt8) -> StaticString? {
            switch (self, byte) {
            case (.text, 0x26), (.word, 0x26): "&amp;"
            case (_, 0x3C): "&lt;"
            case (_, 0x3E): "&gt;"
            case (_, 0x22): "&quot;"
            case (_, 0x26): "&#38;"
            case (_, 0x28): "&#40;"
            case (_, 0x29): "&#41;"
            case (_, 0x3A): "&#58;"
            case (_, 0x2F): "&#47;"
            case (_, 0x27): "&#39;"
            case (_, 0x20): "&#32;"
            default: nil
            }
        }

        static func entity(scalar: UInt32) -> StaticString? {
            switch scalar {
            case 0x2019: "&rsquo;"
            case 0x2018: "&lsquo;"
            case 0x201C: "&ldquo;"
            case 0x201D: "&rdquo;"
            case 0x00A3: "&pound;"
            case 0x2013: "&ndash;"
            case 0x2014: "&mdash;"
            case 0x00E9: "&eacute;"
            default: nil
            }
        }
    }

    private static let stopSets: [Mode: [CChar]] = [
        .text: Mode.text.stops, .moderngov: Mode.moderngov.stops,
        .moderngovSpaces: Mode.moderngovSpaces.stops, .word: Mode.word.stops,
    ]

    private static func escape(_ value: String, _ mode: Mode) -> String {
        let stops = stopSets[mode]!
        let count = value.utf8.count
        return value.withCString { source -> String in
            stops.withUnsafeBufferPointer { set -> String in
                var index = strcspn(source, set.baseAddress!)
                guard index < count else { return value }
                var out: [UInt8] = []
                out.reserveCapacity(count + 32)
                source.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
                    out.append(contentsOf: UnsafeBufferPointer(start: bytes, count: index))
                    while index < count {
                        let byte = bytes[index]
                        if byte < 0x80 {
                            if let entity = mode.entity(ascii: byte) {
                                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                            } else {
                                out.append(byte)
                            }
                            index += 1
                        } else {
                            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                            let end = min(index + length, count)
                            var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                            var next = index + 1
                            while next < end {
                                scalar = scalar << 6 | UInt32(bytes[next] & 0x3F)
                                next += 1
                            }
                            if let entity = Mode.entity(scalar: scalar) {
                                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                            } else {
                                out.append(contentsOf: UnsafeBufferPointer(start: bytes + index, count: end - index))
                            }
                            index = end
                        }
                        let run = strcspn(source + index, set.baseAddress!)
                        out.append(contentsOf: UnsafeBufferPointer(start: bytes + index, count: run))
                        index += run
                    }
                }
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Hard-wraps escaped paragraph text at spaces, as Word's HTML export does. Only a
    /// single space is ever replaced by a newline, so the text means the same after
    /// whitespace collapsing; entities are never split because they contain no spaces.
    package static func wrap(_ value: String, width: Int) -> String {
        guard width > 0, value.utf8.count > width else { return value }
        var bytes = Array(value.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var lineStart = 0
            var lastSpace = -1
            var index = 0
            while index < buffer.count {
                // Jump from space to space with memchr rather than looking at every byte.
                guard let found = memchr(base + index, 0x20, buffer.count - index) else { break }
                let space = UnsafeMutableRawPointer(found) - UnsafeMutableRawPointer(base)
                if space - lineStart > width, lastSpace > lineStart {
                    buffer[lastSpace] = 0x0A
                    lineStart = lastSpace + 1
                }
                lastSpace = space
                index = space + 1
            }
            if buffer.count - lineStart > width, lastSpace > lineStart {
                buffer[lastSpace] = 0x0A
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
