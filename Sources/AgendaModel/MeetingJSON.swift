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
        writer.out.reserveCapacity(4096)
        writer.meeting(meeting)
        return writer.out
    }

    private struct Writer {
        let escapingSlashes: Bool
        var out: [UInt8] = []

        init(escapingSlashes: Bool) {
            self.escapingSlashes = escapingSlashes
        }

        // Every object's keys below are written in sorted order, as `.sortedKeys` writes them.
        mutating func meeting(_ m: Meeting) {
            key("actionDocuments", first: true)
            array(m.actionDocuments) { $0.actionDocument($1) }
            key("committee")
            key("id", first: true)
            int(m.committee.id)
            key("name")
            string(m.committee.name)
            out.append(0x7D)
            key("id")
            string(m.id.description)
            key("items")
            array(m.items) { $0.item($1) }
            key("published")
            key("agenda", first: true)
            bool(m.published.agenda)
            key("decisions")
            bool(m.published.decisions)
            key("minutes")
            bool(m.published.minutes)
            out.append(0x7D)
            if let start = m.start {
                key("start")
                string(start.iso8601)
            }
            key("status")
            string(m.status.rawValue)
            key("title")
            string(m.title)
            key("url")
            string(m.url)
            if let venue = m.venue {
                key("venue")
                string(venue)
            }
            out.append(0x7D)
        }

        mutating func actionDocument(_ d: ActionDocument) {
            var first = true
            if d.external {
                key("external", first: true)
                bool(true)
                first = false
            }
            key("kind", first: first)
            string(d.kind.rawValue)
            if let size = d.size {
                key("size")
                string(size)
            }
            key("title")
            string(d.title)
            key("url")
            string(d.url)
            out.append(0x7D)
        }

        mutating func item(_ i: AgendaItem) {
            if let decision = i.decision {
                key("decision", first: true)
                section(decision)
                key("documents")
            } else {
                key("documents", first: true)
            }
            array(i.documents) { $0.document($1) }
            key("id")
            string(i.id)
            if let minutes = i.minutes {
                key("minutes")
                section(minutes)
            }
            key("number")
            string(i.number)
            if let text = i.text {
                key("text")
                string(text)
            }
            key("title")
            string(i.title)
            out.append(0x7D)
        }

        mutating func document(_ d: Document) {
            var first = true
            if d.external {
                key("external", first: true)
                bool(true)
                first = false
            }
            if let size = d.size {
                key("size", first: first)
                string(size)
                first = false
            }
            key("title", first: first)
            string(d.title)
            key("url")
            string(d.url)
            out.append(0x7D)
        }

        mutating func section(_ s: ItemSection) {
            key("text", first: true)
            string(s.text)
            key("truncated")
            bool(s.truncated)
            out.append(0x7D)
        }

        /// `"name":`, after the object's `{` for its first key, else after `,`.
        mutating func key(_ name: StaticString, first: Bool = false) {
            out.append(first ? 0x7B : 0x2C)
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(0x22)
            out.append(0x3A)
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
            if value {
                out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
            } else {
                out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
            }
        }

        mutating func string(_ text: String) {
            out.append(0x22)
            var text = text
            text.withUTF8 { bytes in
                var runStart = 0
                for (index, byte) in bytes.enumerated() {
                    let escape: [UInt8]
                    switch byte {
                    case 0x22: escape = [0x5C, 0x22]
                    case 0x5C: escape = [0x5C, 0x5C]
                    case 0x2F where escapingSlashes: escape = [0x5C, 0x2F]
                    case 0x08: escape = [0x5C, 0x62]
                    case 0x09: escape = [0x5C, 0x74]
                    case 0x0A: escape = [0x5C, 0x6E]
                    case 0x0C: escape = [0x5C, 0x66]
                    case 0x0D: escape = [0x5C, 0x72]
                    case 0x00..<0x20: escape = [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]]
                    default: continue
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    out.append(contentsOf: escape)
                    runStart = index + 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            }
            out.append(0x22)
        }

        private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    }
}
