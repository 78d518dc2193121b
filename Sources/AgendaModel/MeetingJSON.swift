/// The JSON of a `Meeting`, byte for byte as Foundation's `JSONEncoder` writes it with `.sortedKeys`
/// (and `.withoutEscapingSlashes` when `escapingSlashes` is false): keys in order, nil fields left out,
/// `external` only when true, no whitespace, `"`, `\`, control characters (and `/` unless told otherwise)
/// escaped as JSONEncoder escapes them, everything else as UTF-8.
///
/// Byte-for-byte matters: the content hash of every stored version is a digest of these bytes, and
/// stored records are compared as bytes. `MeetingJSONTests` holds this writer to `JSONEncoder` on every
/// fixture meeting, on generated ones, and on every ASCII character.
///
/// Hand-written because it is on the hot path: each stored version is encoded twice (for its hash and as
/// its record), and `JSONEncoder` first builds a boxed tree of every value; the two encodings were ~12% of
/// a baseline cycle's CPU (docs/performance.md). When a field is added to `Meeting` (or a type inside
/// it), add it here too — the tests fail until it is.
public enum MeetingJSON {
    public static func bytes(_ meeting: Meeting, escapingSlashes: Bool) -> [UInt8] {
        var writer = Writer(escapingSlashes: escapingSlashes)
        writer.out.reserveCapacity(expectedSize(of: meeting))
        writer.meeting(meeting)
        return writer.out
    }

    /// About the length of the meeting's JSON, so that its buffer is allocated once: every string's
    /// bytes, a little for escapes, and a constant per object for its keys and punctuation (an
    /// underestimate only costs a reallocation). Counting a native string's UTF-8 bytes is O(1).
    static func expectedSize(of m: Meeting) -> Int {
        func document(_ title: String, _ url: String, _ size: String?) -> Int {
            title.utf8.count + url.utf8.count + (size?.utf8.count ?? 0) + 64
        }
        var size = 320 + m.committee.name.utf8.count + m.title.utf8.count + m.url.utf8.count + (m.venue?.utf8.count ?? 0)
        for d in m.actionDocuments { size += document(d.title, d.url, d.size) + 16 }
        for item in m.items {
            size += 80 + item.id.utf8.count + item.number.utf8.count + item.title.utf8.count + (item.text?.utf8.count ?? 0)
            size += (item.minutes.map { $0.text.utf8.count + 40 } ?? 0) + (item.decision.map { $0.text.utf8.count + 40 } ?? 0)
            for d in item.documents { size += document(d.title, d.url, d.size) }
        }
        return size + size / 32
    }

    private struct Writer {
        let escapingSlashes: Bool
        var out: [UInt8] = []

        init(escapingSlashes: Bool) {
            self.escapingSlashes = escapingSlashes
        }

        // Every object's keys below are written in sorted order, as `.sortedKeys` writes them.
        mutating func meeting(_ m: Meeting) {
            object {
                $0.key("actionDocuments")
                $0.array(m.actionDocuments) { $0.actionDocument($1) }
                $0.key("committee")
                $0.object {
                    $0.key("id")
                    $0.int(m.committee.id)
                    $0.key("name")
                    $0.string(m.committee.name)
                }
                $0.key("id")
                $0.string(m.id.description)
                $0.key("items")
                $0.array(m.items) { $0.item($1) }
                $0.key("published")
                $0.object {
                    $0.key("agenda")
                    $0.bool(m.published.agenda)
                    $0.key("decisions")
                    $0.bool(m.published.decisions)
                    $0.key("minutes")
                    $0.bool(m.published.minutes)
                }
                $0.optional("start", m.start?.iso8601)
                $0.key("status")
                $0.string(m.status.rawValue)
                $0.key("title")
                $0.string(m.title)
                $0.key("url")
                $0.string(m.url)
                $0.optional("venue", m.venue)
            }
        }

        mutating func actionDocument(_ d: ActionDocument) {
            object {
                $0.external(d.external)
                $0.key("kind")
                $0.string(d.kind.rawValue)
                $0.optional("size", d.size)
                $0.key("title")
                $0.string(d.title)
                $0.key("url")
                $0.string(d.url)
            }
        }

        mutating func item(_ i: AgendaItem) {
            object {
                if let decision = i.decision {
                    $0.key("decision")
                    $0.section(decision)
                }
                $0.key("documents")
                $0.array(i.documents) { $0.document($1) }
                $0.key("id")
                $0.string(i.id)
                if let minutes = i.minutes {
                    $0.key("minutes")
                    $0.section(minutes)
                }
                $0.key("number")
                $0.string(i.number)
                $0.optional("text", i.text)
                $0.key("title")
                $0.string(i.title)
            }
        }

        mutating func document(_ d: Document) {
            object {
                $0.external(d.external)
                $0.optional("size", d.size)
                $0.key("title")
                $0.string(d.title)
                $0.key("url")
                $0.string(d.url)
            }
        }

        mutating func section(_ s: ItemSection) {
            object {
                $0.key("text")
                $0.string(s.text)
                $0.key("truncated")
                $0.bool(s.truncated)
            }
        }

        /// `{`, the members `body` writes, `}`.
        mutating func object(_ body: (inout Writer) -> Void) {
            out.append(0x7B)
            body(&self)
            out.append(0x7D)
        }

        /// `"name":`, after a `,` unless it is its object's first member (the object's `{` was the last
        /// byte written: no value ends in `{`).
        mutating func key(_ name: StaticString) {
            if out.last != 0x7B { out.append(0x2C) }
            out.append(0x22)
            raw(name)
            out.append(0x22)
            out.append(0x3A)
        }

        /// A string member that `encodeIfPresent` leaves out when nil.
        mutating func optional(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            string(value)
        }

        /// `"external":true`, only when true (`OmittedWhenFalse`).
        mutating func external(_ flag: Bool) {
            guard flag else { return }
            key("external")
            bool(true)
        }

        mutating func array<T>(_ elements: [T], _ write: (inout Writer, T) -> Void) {
            out.append(0x5B)
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(0x2C) }
                write(&self, element)
            }
            out.append(0x5D)
        }

        mutating func int(_ value: Int) {
            out.append(contentsOf: String(value).utf8)
        }

        mutating func bool(_ value: Bool) {
            raw(value ? "true" : "false")
        }

        private mutating func raw(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// `text` as a JSON string. Most bytes need no escape: they are tested eight at a time (one
        /// `UInt64`, see `escapeMask`) and copied in runs; only a byte that needs one is looked at alone.
        /// Hand-written: no library on this platform writes JSONEncoder's exact escaping into our buffer.
        mutating func string(_ text: String) {
            out.append(0x22)
            var text = text
            text.withUTF8 { escaped($0) }
            out.append(0x22)
        }

        private mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            let slash = escapingSlashes ? Self.slashes : Self.quotes   // quotes again: no extra byte escaped
            var runStart = 0
            var index = 0
            while index < count {
                var word = Self.padding
                if count - index >= 8 {
                    word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                } else {
                    withUnsafeMutableBytes(of: &word) {
                        $0.copyMemory(from: UnsafeRawBufferPointer(start: base + index, count: count - index))
                    }
                }
                let mask = Self.escapeMask(word, slash: slash)
                guard mask != 0 else {
                    index += 8
                    continue
                }
                // Little-endian: the lowest flagged bit belongs to the first byte that needs an escape.
                index += mask.trailingZeroBitCount >> 3
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                escape(base[index])
                index += 1
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }

        /// The high bit of each byte of `word` that JSON needs escaped: below 0x20, `"`, `\`, or `slash`'s
        /// byte. The subtractions can borrow, which flags false bytes too, but only above a byte
        /// flagged rightly (a borrow starts only at a byte that is below the bound): the lowest flag is exact.
        @inline(__always)
        private static func escapeMask(_ word: UInt64, slash: UInt64) -> UInt64 {
            let control = (word &- spaces) & ~word
            return (control | zeroByte(word ^ quotes) | zeroByte(word ^ backslashes) | zeroByte(word ^ slash)) & highBits
        }

        /// Bit 7 of each byte of `word` that is zero (and of some bytes above one that is).
        @inline(__always)
        private static func zeroByte(_ word: UInt64) -> UInt64 {
            (word &- ones) & ~word
        }

        private static let ones: UInt64 = 0x0101_0101_0101_0101
        private static let highBits: UInt64 = 0x8080_8080_8080_8080
        private static let spaces: UInt64 = 0x2020_2020_2020_2020
        private static let quotes: UInt64 = 0x2222_2222_2222_2222
        private static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C
        private static let slashes: UInt64 = 0x2F2F_2F2F_2F2F_2F2F
        /// What the bytes past a string's end read as: letters, which need no escape.
        private static let padding: UInt64 = 0x4141_4141_4141_4141

        /// The escape JSONEncoder writes for `byte`.
        private mutating func escape(_ byte: UInt8) {
            out.append(0x5C)
            switch byte {
            case 0x22, 0x5C, 0x2F: out.append(byte)
            case 0x08: out.append(0x62)   // \b
            case 0x09: out.append(0x74)   // \t
            case 0x0A: out.append(0x6E)   // \n
            case 0x0C: out.append(0x66)   // \f
            case 0x0D: out.append(0x72)   // \r
            default:                      // \u00XX, lower-case hex
                out.append(0x75)
                out.append(0x30)
                out.append(0x30)
                out.append(Self.hexDigit(byte >> 4))
                out.append(Self.hexDigit(byte & 0xF))
            }
        }

        private static func hexDigit(_ value: UInt8) -> UInt8 {
            value < 10 ? 0x30 + value : 0x57 + value
        }
    }
}
