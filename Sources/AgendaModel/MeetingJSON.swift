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
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
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
                for index in bytes.indices {
                    let byte = bytes[index]
                    // Most bytes need no escape: test for the few that do before anything else.
                    guard byte < 0x20 || byte == 0x22 || byte == 0x5C || (byte == 0x2F && escapingSlashes) else { continue }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    runStart = index + 1
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
                        out.append(Self.hex[Int(byte >> 4)])
                        out.append(Self.hex[Int(byte & 0xF)])
                    }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            }
            out.append(0x22)
        }

        private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    }
}
