import Foundation

/// A zstd dictionary trained on ModernGov pages (Scripts/train-page-dictionary), compiled into the
/// binary so an installed `agenda-sync` is one file. Each stored zstd page records the id of the
/// dictionary it was compressed with (`raw_format` "zstd:<id>"), so a later dictionary is added
/// beside this one, never in its place: every dictionary ever shipped stays in `all`.
struct PageDictionary: Sendable {
    /// The id zstd wrote into the dictionary (`zstd --train --dictID`), recorded with every page.
    let id: UInt32
    let bytes: [UInt8]

    /// Every dictionary a stored page may name.
    static let all: [PageDictionary] = [.modernGovV1]
    /// The one new pages are compressed with.
    static let current: PageDictionary = .modernGovV1

    /// The shared codec for the dictionary `id`; nil when this build knows no such dictionary.
    static func codec(id: UInt32) -> ZstdDictionaryCodec? { codecs[id] }

    /// Built on first use (a static let is initialised once, thread-safely).
    private static let codecs: [UInt32: ZstdDictionaryCodec] = Dictionary(uniqueKeysWithValues: all.map { dictionary in
        guard let codec = ZstdDictionaryCodec(dictionary: dictionary.bytes, level: PageFormat.zstdLevel),
              codec.dictionaryID == dictionary.id else {
            preconditionFailure("page dictionary \(dictionary.id) is not the zstd dictionary its id says")
        }
        return (dictionary.id, codec)
    })

    /// `base64`: the dictionary as the generated file holds it (a string literal compiles in an instant,
    /// where an array literal of tens of thousands of bytes takes the type checker minutes).
    init(id: UInt32, base64: String) {
        guard let bytes = Data(base64Encoded: base64) else { preconditionFailure("page dictionary \(id) is not base64") }
        self.id = id
        self.bytes = Array(bytes)
    }
}
