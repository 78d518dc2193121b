import Foundation
import GRDB

/// How a stored raw page is kept: the `raw_format` column of `versions` and `held_versions`; and how a
/// stored record (the meeting's JSON) is kept: their `record_format` column, in the same formats — the
/// dictionary holds the ModernGov words and URLs a record repeats too. Records of zstd level 3 with the
/// dictionary are as small as zlib 9's (2.12 MB against 2.12 MB for 500 meetings of the benchmark corpus),
/// in about a third of the CPU.
enum PageFormat {
    /// NULL: zlib, as every page stored before v11-zstd-pages (which re-encodes them) and every record
    /// stored before v12-versions-rowid.
    static let zlib: String? = nil
    /// page_retention dropped the body of a superseded version (an empty blob); its record stays.
    static let dropped = "dropped"
    /// "zstd:<dictionary id>": zstd with the `PageDictionary` of that id.
    static let zstdPrefix = "zstd:"
    /// Measured on the training pages (`Scripts/train-page-dictionary --measure`; 374 KB): zlib 9 stores
    /// 96.9 KB at ~35 MB/s; zstd with the dictionary 48.1 KB at level 3 (~110 MB/s), 42.3 KB at 9 (~26 MB/s),
    /// 40.7 KB at 19 (~1 MB/s). On pages the dictionary was not trained on (the 3 real meeting pages
    /// held out, 121 KB): zlib 9 29.0 KB, zstd+dictionary 21.4 KB at 3, 18.9 at 9, 18.2 at 19 — about a
    /// quarter fewer bytes than zlib 9 at roughly three times its speed. Level 3: most of the bytes for the least CPU.
    static let zstdLevel: Int32 = 3

    /// The page (or record) as it is stored, and its format: zstd with the current dictionary.
    static func encode(_ page: [UInt8]) -> (bytes: Data, format: String?) {
        let dictionary = PageDictionary.current
        guard let codec = PageDictionary.codec(id: dictionary.id) else { preconditionFailure("the current page dictionary is in `all`") }
        return (Data(codec.compress(page)), zstdPrefix + String(dictionary.id))
    }

    /// The page (or record) back, `size` bytes long; a dropped page, an unknown format or dictionary and a
    /// damaged body are errors that say which.
    static func decode(_ bytes: Data, format: String?, size: Int) throws(PageFormatError) -> [UInt8] {
        guard let format else {  // zlib
            guard let page = Zlib.decompress(Array(bytes), originalSize: size) else { throw .corrupt("the zlib stream does not inflate") }
            return page
        }
        if format == dropped { throw .dropped }
        guard format.hasPrefix(zstdPrefix), let id = UInt32(format.dropFirst(zstdPrefix.count)) else { throw .unknownFormat(format) }
        guard let codec = PageDictionary.codec(id: id) else { throw .unknownDictionary(id) }
        do { return try codec.decompress(Array(bytes), originalSize: size) } catch { throw .corrupt(error.description) }
    }

    /// v11-zstd-pages: every zlib page of `versions` and `held_versions` re-encoded with `encode`, read
    /// and written one row at a time (only the keys are held), so memory stays bounded however big the
    /// database; the migration's one transaction makes it all or nothing. A page
    /// that does not inflate is left as it is (still readable as before, i.e. an error naming it):
    /// the upgrade loses nothing and does not stop on it.
    static func reencodeZlibPages(_ db: Database) throws {
        for (table, keyColumns) in [("versions", ["meeting_id", "number"]), ("held_versions", ["meeting_id"])] {
            let key = keyColumns.joined(separator: ", ")
            let condition = keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
            let keys = try Row.fetchAll(db, sql: "SELECT \(key) FROM \(table) WHERE raw_format IS NULL ORDER BY \(key)")
            for keyValues in keys {
                let arguments = StatementArguments(keyValues.databaseValues)
                guard let row = try Row.fetchOne(db, sql: "SELECT raw_page, raw_size FROM \(table) WHERE \(condition)", arguments: arguments),
                      let page = Zlib.decompress(Array(row["raw_page"] as Data), originalSize: row["raw_size"]) else { continue }
                let encoded = encode(page)
                try db.execute(sql: "UPDATE \(table) SET raw_page = ?, raw_format = ? WHERE \(condition)",
                               arguments: [encoded.bytes, encoded.format] + arguments)
            }
        }
    }
}

/// Why a stored raw page cannot be given back.
enum PageFormatError: Error, Equatable, CustomStringConvertible {
    case dropped
    case unknownFormat(String)
    case unknownDictionary(UInt32)
    case corrupt(String)

    var description: String {
        switch self {
        case .dropped: "its body was dropped by page_retention"
        case .unknownFormat(let format): "its format \"\(format)\" is not one this version of agenda-sync reads"
        case .unknownDictionary(let id): "it was compressed with zstd dictionary \(id), which this version of agenda-sync does not have"
        case .corrupt(let reason): reason
        }
    }
}
