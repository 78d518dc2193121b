import AgendaCore
import Testing

/// `Content-Type` header values as servers send them: what the charset parameter says.
@Suite struct ContentTypeTests {
    @Test func contentTypeHeaders() {
        #expect(ContentType(headerValue: "text/html; charset=utf-8") == ContentType(mediaType: "text/html", charset: "utf-8"))
        #expect(ContentType(headerValue: "Text/HTML;Charset=\"Windows-1252\"") == ContentType(mediaType: "text/html", charset: "windows-1252"))
        #expect(ContentType(headerValue: "text/html")?.charset == nil)
        #expect(ContentType(headerValue: "text/html; charset=")?.charset == nil)
        #expect(ContentType(headerValue: "text/html; foo=bar; charset=iso-8859-1 ")?.charset == "iso-8859-1")
        #expect(ContentType(headerValue: "text/html; charset=\"utf-8") == nil, "an unterminated quote")
        #expect(ContentType(headerValue: "") == nil)
    }
}
