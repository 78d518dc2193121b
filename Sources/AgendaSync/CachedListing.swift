import AgendaCore
import AgendaModel
import AgendaStore
import ModernGov

/// A list page's parsed list as `list_pages` keeps it (see `ListPageCache`): varints and
/// length-prefixed UTF-8 (AgendaStore's `Varint`), field by field in a fixed order.
///
/// Hand-written rather than `Codable` through `JSONDecoder`, because decoding these lists is all an
/// unchanged cycle does with them, and `JSONDecoder` made that about 0.5 M instructions for a list of
/// ten meetings — ~60 M of the unchanged cycle's 749 M, now 4.7 M (callgrind; docs/performance.md). Guarantee: decoding
/// gives back exactly what was encoded, and nil for bytes that are not one whole listing (cut short,
/// or followed by anything), so a damaged row is never half read.
protocol CachedListing {
    func append(to bytes: inout [UInt8])
    init?(from reader: inout Varint.Reader)
}

extension CachedListing {
    var listingBytes: [UInt8] {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return bytes
    }

    init?(listingBytes: [UInt8]) {
        var reader = Varint.Reader(listingBytes)
        guard let listing = Self(from: &reader), reader.isAtEnd else { return nil }
        self = listing
    }
}

/// A committee structure's committee ids.
extension Array: CachedListing where Element == Int {
    func append(to bytes: inout [UInt8]) {
        Varint.append(UInt64(count), to: &bytes)
        for id in self { Varint.appendSigned(Int64(id), to: &bytes) }
    }

    init?(from reader: inout Varint.Reader) {
        // Each id takes at least a byte: a count beyond what is left is damage, not a list to allocate.
        guard let count = reader.next(), count <= UInt64(reader.remaining) else { return nil }
        var ids: [Int] = []
        ids.reserveCapacity(Int(count))
        for _ in 0 ..< count {
            guard let id = reader.nextSigned() else { return nil }
            ids.append(Int(id))
        }
        self = ids
    }
}

extension MeetingList: CachedListing {
    func append(to bytes: inout [UInt8]) {
        Varint.appendSigned(Int64(committee.id), to: &bytes)
        Varint.append(committee.name, to: &bytes)
        Varint.append(UInt64(meetings.count), to: &bytes)
        for meeting in meetings {
            Varint.append(meeting.id.source, to: &bytes)
            Varint.appendSigned(Int64(meeting.id.number), to: &bytes)
            Varint.appendSigned(Int64(meeting.committeeID), to: &bytes)
            Varint.append(meeting.url, to: &bytes)
            Varint.append(meeting.dateText, to: &bytes)
            // Bit 0: cancelled; bit 1: a start follows; bit 2: a status follows.
            let flags = (meeting.cancelled ? 1 : 0) | (meeting.start != nil ? 2 : 0) | (meeting.status != nil ? 4 : 0)
            Varint.append(UInt64(flags), to: &bytes)
            if let start = meeting.start { Varint.append(start.iso8601, to: &bytes) }
            if let status = meeting.status { Varint.append(status, to: &bytes) }
        }
    }

    init?(from reader: inout Varint.Reader) {
        guard let committeeID = reader.nextSigned(), let name = reader.string(),
              let count = reader.next(), count <= UInt64(reader.remaining) else { return nil }
        var meetings: [MeetingListEntry] = []
        meetings.reserveCapacity(Int(count))
        for _ in 0 ..< count {
            guard let source = reader.string(), let number = reader.nextSigned(), let entryCommittee = reader.nextSigned(),
                  let url = reader.string(), let dateText = reader.string(), let flags = reader.next(), flags < 8 else { return nil }
            var start: LondonDateTime?
            if flags & 2 != 0 {
                guard let text = reader.string(), let value = LondonDateTime(iso8601: text) else { return nil }
                start = value
            }
            var status: String?
            if flags & 4 != 0 {
                guard let text = reader.string() else { return nil }
                status = text
            }
            meetings.append(MeetingListEntry(id: MeetingID(source: source, number: Int(number)), committeeID: Int(entryCommittee),
                                             url: url, start: start, dateText: dateText, cancelled: flags & 1 != 0, status: status))
        }
        self.init(committee: Committee(id: Int(committeeID), name: name), meetings: meetings)
    }
}
