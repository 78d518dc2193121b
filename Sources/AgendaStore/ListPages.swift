import Foundation
import GRDB

/// A list page (the committee structure, a committee's meetings list) as it was last parsed: the
/// validators of the body it was read from and what the parser made of it.
///
/// A cycle fetches a list page conditionally with these validators; when the page comes back the
/// same (304, or a body with the same digest) it uses `listing` instead of parsing the page again.
/// An unchanged meetings list then costs a fetch and a small decode, not a parse (issue 14: the
/// lists were 11% of an unchanged cycle's CPU). `format` names the shape of `listing` and of the
/// parser output it holds; a row of another format is not used (the page is read whole again).
public struct ParsedListPage: Sendable, Equatable {
    public var validators: PageValidators
    public var format: Int
    /// The parsed list, encoded by the caller (AgendaSync's `ListPageCache`); stored compressed like a
    /// raw page (`PageFormat`).
    public var listing: [UInt8]

    public init(validators: PageValidators, format: Int, listing: [UInt8]) {
        self.validators = validators
        self.format = format
        self.listing = listing
    }
}

extension AgendaStore {
    /// The parsed list pages of a source, by URL.
    public func parsedListPages(sourceID: String) throws(StoreError) -> [String: ParsedListPage] {
        try read { db in
            var pages: [String: ParsedListPage] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM list_pages WHERE source_id = ?", arguments: [sourceID]) {
                let validators = PageValidators(etag: row["etag"], lastModified: row["last_modified"],
                                                bodyDigest: row["body_digest"])
                // A listing that does not decompress is left out: its page is then read whole.
                guard let listing = try? PageFormat.decode(row["listing"], format: row["listing_format"],
                                                           size: row["listing_size"]) else { continue }
                pages[row["url"]] = ParsedListPage(validators: validators, format: row["format"], listing: listing)
            }
            return pages
        }
    }

    /// Remembers list pages as parsed and forgets the rows of `forgotten`, all in one transaction (none
    /// when there is nothing to write). A row replaces the URL's previous one whole, so validators and
    /// listing always belong to the same body.
    public func saveParsedListPages(_ pages: [String: ParsedListPage], forgetting forgotten: Set<String> = [],
                                    sourceID: String) throws(StoreError) {
        guard !pages.isEmpty || !forgotten.isEmpty else { return }
        try write { db in
            for url in forgotten.sorted() where pages[url] == nil {
                try db.execute(sql: "DELETE FROM list_pages WHERE source_id = ? AND url = ?", arguments: [sourceID, url])
            }
            for (url, page) in pages.sorted(by: { $0.key < $1.key }) {
                let listing = PageFormat.encode(page.listing)
                try db.execute(sql: """
                    INSERT OR REPLACE INTO list_pages (source_id, url, etag, last_modified, body_digest, format,
                                                       listing_size, listing_format, listing)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [sourceID, url, page.validators.etag, page.validators.lastModified,
                                     page.validators.bodyDigest, page.format, page.listing.count, listing.format,
                                     listing.bytes])
            }
        }
    }
}
