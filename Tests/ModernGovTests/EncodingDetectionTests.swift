import AgendaCore
@testable import ModernGov
import Testing

/// A page's bytes are read as a browser reads an en-GB page: BOM, then the HTTP charset, then a
/// `<meta>` declaration, then UTF-8 when the bytes are valid UTF-8, else windows-1252.
@Suite struct EncodingDetectionTests {
    /// "Children’s – £5" in windows-1252.
    static let latin: [UInt8] = Array("<p>Children".utf8) + [0x92] + Array("s ".utf8) + [0x96, 0x20, 0xA3] + Array("5</p>".utf8)
    static let text = "<p>Children\u{2019}s \u{2013} \u{A3}5</p>"

    static func decoded(_ bytes: [UInt8], http: String? = nil) -> String {
        String(decoding: PageEncoding.utf8(bytes, httpCharset: http), as: UTF8.self)
    }

    @Test func withoutAnyDeclarationValidUTF8IsUTF8AndAnythingElseWindows1252() {
        #expect(Self.decoded(Array(Self.text.utf8)) == Self.text)
        #expect(Self.decoded(Self.latin) == Self.text)
        #expect(PageEncoding.detect(Array(Self.text.utf8), httpCharset: nil) == (.utf8, 0))
        #expect(PageEncoding.detect(Self.latin, httpCharset: nil) == (.windows1252, 0))
    }

    @Test func theHTTPCharsetComesBeforeTheMetaDeclaration() {
        let page = Array("<meta charset=\"utf-8\">".utf8) + Self.latin
        #expect(Self.decoded(page, http: "windows-1252") == "<meta charset=\"utf-8\">" + Self.text)
        // HTML5 reads iso-8859-1 and us-ascii as windows-1252 (0x92 is a quotation mark, not a C1 control).
        #expect(Self.decoded(Self.latin, http: "ISO-8859-1") == Self.text)
        #expect(Self.decoded(Self.latin, http: "us-ascii") == Self.text)
        // A label that names no encoding is passed over: the meta declaration decides.
        let declared = Array("<meta charset=windows-1252>".utf8) + Self.latin
        #expect(Self.decoded(declared, http: "x-no-such-encoding") == "<meta charset=windows-1252>" + Self.text)
    }

    @Test func aMetaDeclarationComesBeforeUTF8Validity() {
        // Valid UTF-8 bytes ("Ã©") declared as windows-1252 are read as windows-1252.
        let page = Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>caf".utf8) + [0xC3, 0xA9]
        #expect(Self.decoded(page).hasSuffix("<p>caf\u{C3}\u{A9}"))
        let charset = Array("<META CHARSET='iso-8859-1'>".utf8) + Self.latin
        #expect(Self.decoded(charset) == "<META CHARSET='iso-8859-1'>" + Self.text)
    }

    @Test func declarationsInCommentsAndOtherAttributesDoNotCount() {
        let commented = Array("<!-- <meta charset=\"windows-1252\"> --><p title=\"charset=windows-1252\">caf\u{E9}</p>".utf8)
        #expect(PageEncoding.detect(commented, httpCharset: nil) == (.utf8, 0))
        let pragmaOnly = Array("<meta content=\"text/html; charset=windows-1252\">".utf8) + Self.latin
        #expect(PageEncoding.detect(pragmaOnly, httpCharset: nil) == (.windows1252, 0), "no http-equiv: falls through to byte validity")
        #expect(PageEncoding.detect(Array("<meta content=\"text/html; charset=windows-1252\"><p>caf\u{E9}".utf8), httpCharset: nil) == (.utf8, 0))
    }

    @Test func aByteOrderMarkComesFirst() {
        let bom = [0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)
        #expect(Self.decoded(bom, http: "windows-1252") == Self.text)
        var utf16 = [UInt8]([0xFF, 0xFE])
        for unit in Self.text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(Self.decoded(utf16) == Self.text)
        var utf16BE = [UInt8]([0xFE, 0xFF])
        for unit in Self.text.utf16 { utf16BE += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(Self.decoded(utf16BE, http: "utf-8") == Self.text)
    }

    @Test func otherEncodingsGoThroughIconvAndBadBytesBecomeReplacementCharacters() {
        // iso-8859-15 has the euro sign at 0xA4.
        #expect(Self.decoded(Array("<p>".utf8) + [0xA4] + Array("5</p>".utf8), http: "iso-8859-15") == "<p>\u{20AC}5</p>")
        // Declared UTF-8, not valid UTF-8: what cannot be decoded becomes U+FFFD, the rest stays.
        #expect(Self.decoded(Self.latin, http: "utf-8") == "<p>Children\u{FFFD}s \u{FFFD} \u{FFFD}5</p>")
    }
}
