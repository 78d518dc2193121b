import Foundation

/// A cycle's successful fetches, packed into one blob (the `fetch_packs` row of its run).
///
/// An unchanged cycle of a thousand pages is a thousand successful fetches whose rows would say
/// almost the same thing every time (~135 bytes each); packed column by column — position in the
/// cycle, interned URL id, time, status, bytes, milliseconds, validators sent, outcome — as
/// varints of deltas and then deflated, they take a few bytes each. Failures never go here: they
/// keep their full `fetch_log` rows with their error text, which `status`, `log --errors` and the
/// daemon's unhealthy-source report read.
///
/// Format 1: a format byte, the count, then each column in turn (see `encode`), all deflated.
struct FetchPack: Equatable {
    /// One packed fetch: the entry, its URL's id in `fetch_urls`, and its place among all the
    /// cycle's fetches (failures included), so `log` shows them in the order they were made.
    struct Fetch: Equatable {
        var position: Int
        var urlID: Int64
        var at: Int64           // whole seconds since 1970, as every stored timestamp (`Timestamp`)
        var status: Int?
        var bytes: Int
        var milliseconds: Int
        var validators: String?
        var outcome: FetchOutcome
    }

    var fetches: [Fetch]

    static let format: UInt8 = 1
    /// The validator sets a fetch can send, by code (0: an unconditional GET).
    static let validatorCodes: [String?] = [nil, "etag", "last-modified", "etag,last-modified"]
    /// The outcomes a packed fetch can have, by code.
    static let outcomeCodes: [FetchOutcome] = FetchOutcome.allCases.filter { !$0.isFailure }

    /// Whether `entry` can be packed: a success with no error text, and validators named as a fetch names them.
    static func canPack(_ entry: FetchLogEntry) -> Bool {
        !entry.outcome.isFailure && entry.error == nil && validatorCodes.contains(entry.validators)
            && entry.bytes >= 0 && entry.milliseconds >= 0 && (entry.status ?? 0) >= 0
    }

    func encode() -> [UInt8] {
        var raw = [Self.format]
        Varint.append(UInt64(fetches.count), to: &raw)
        var previousPosition = -1
        for fetch in fetches { Varint.append(UInt64(fetch.position - previousPosition), to: &raw); previousPosition = fetch.position }
        var previousURL: Int64 = 0
        for fetch in fetches { Varint.appendSigned(fetch.urlID - previousURL, to: &raw); previousURL = fetch.urlID }
        var previousAt: Int64 = 0
        for fetch in fetches { Varint.appendSigned(fetch.at - previousAt, to: &raw); previousAt = fetch.at }
        for fetch in fetches { Varint.append(UInt64(fetch.status.map { $0 + 1 } ?? 0), to: &raw) }
        for fetch in fetches { Varint.append(UInt64(fetch.bytes), to: &raw) }
        for fetch in fetches { Varint.append(UInt64(fetch.milliseconds), to: &raw) }
        for fetch in fetches {
            let validators = Self.validatorCodes.firstIndex(of: fetch.validators) ?? 0
            let outcome = Self.outcomeCodes.firstIndex(of: fetch.outcome) ?? 0
            raw.append(UInt8(validators << 4 | outcome))
        }
        var packed = Zlib.compress(raw)
        // The raw size leads, so reading knows what to inflate to.
        var header: [UInt8] = []
        Varint.append(UInt64(raw.count), to: &header)
        packed.insert(contentsOf: header, at: 0)
        return packed
    }

    /// Nil when `bytes` is not a pack this code wrote.
    init?(decoding bytes: [UInt8]) {
        var header = Varint.Reader(bytes)
        guard let rawCount = header.next(), rawCount <= 64 << 20,
              let raw = Zlib.decompress(Array(bytes[header.offset...]), originalSize: Int(rawCount)) else { return nil }
        var reader = Varint.Reader(raw)
        guard reader.byte() == Self.format, let count = reader.next().map(Int.init), count <= raw.count else { return nil }
        var fetches = [Fetch](repeating: Fetch(position: 0, urlID: 0, at: 0, status: nil, bytes: 0, milliseconds: 0,
                                               validators: nil, outcome: .ok), count: count)
        var position = -1
        for index in 0..<count { guard let delta = reader.next() else { return nil }; position += Int(delta); fetches[index].position = position }
        var urlID: Int64 = 0
        for index in 0..<count { guard let delta = reader.nextSigned() else { return nil }; urlID += delta; fetches[index].urlID = urlID }
        var at: Int64 = 0
        for index in 0..<count { guard let delta = reader.nextSigned() else { return nil }; at += delta; fetches[index].at = at }
        for index in 0..<count {
            guard let status = reader.next() else { return nil }
            fetches[index].status = status == 0 ? nil : Int(status - 1)
        }
        for index in 0..<count { guard let value = reader.next() else { return nil }; fetches[index].bytes = Int(value) }
        for index in 0..<count { guard let value = reader.next() else { return nil }; fetches[index].milliseconds = Int(value) }
        for index in 0..<count {
            guard let code = reader.byte(), Int(code >> 4) < Self.validatorCodes.count,
                  Int(code & 0x0F) < Self.outcomeCodes.count else { return nil }
            fetches[index].validators = Self.validatorCodes[Int(code >> 4)]
            fetches[index].outcome = Self.outcomeCodes[Int(code & 0x0F)]
        }
        guard reader.isAtEnd else { return nil }
        self.fetches = fetches
    }

    init(fetches: [Fetch]) {
        self.fetches = fetches
    }
}

/// LEB128 varints, with zigzag for signed deltas: SQLite has no packed-integer type and the store
/// needs no more than these few lines (a serialisation library would bring a schema compiler).
/// Also the cached lists' encoding (AgendaSync's `ListPageCache`), hence `package`.
package enum Varint {
    package static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    package static func appendSigned(_ value: Int64, to bytes: inout [UInt8]) {
        append(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &bytes)
    }

    /// A string as its UTF-8 length and bytes.
    package static func append(_ string: String, to bytes: inout [UInt8]) {
        append(UInt64(string.utf8.count), to: &bytes)
        bytes.append(contentsOf: string.utf8)
    }

    package struct Reader {
        let bytes: [UInt8]
        var offset = 0

        package init(_ bytes: [UInt8]) { self.bytes = bytes }

        package var isAtEnd: Bool { offset == bytes.count }
        package var remaining: Int { bytes.count - offset }

        /// A string `append(_:to:)` wrote; nil past the end (invalid UTF-8 is repaired, as it cannot come from a String).
        package mutating func string() -> String? {
            guard let count = next(), count <= UInt64(remaining) else { return nil }
            defer { offset += Int(count) }
            return String(decoding: bytes[offset ..< offset + Int(count)], as: UTF8.self)
        }

        package mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// Nil at the end of the bytes or on a varint longer than 64 bits.
        package mutating func next() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                guard shift < 64 else { return nil }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }

        package mutating func nextSigned() -> Int64? {
            next().map { Int64(bitPattern: $0 >> 1) ^ -Int64(bitPattern: $0 & 1) }
        }
    }
}
