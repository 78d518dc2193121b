import AgendaCore
@testable import ModernGov
import Testing

/// What a link points at, by its URL alone.
@Suite struct ModernGovLinkTests {
    static func kind(_ url: String) throws -> ModernGovLink {
        ModernGovLink(try #require(WebURL(url)))
    }

    @Test func documentFoldersAreReadFromThePath() throws {
        #expect(try Self.kind("https://x.gov.uk/documents/g10221/Public%20reports%20pack.pdf?T=10") == .meetingDocument)
        #expect(try Self.kind("https://x.gov.uk/moderngov/Documents/G7892/Printed%20minutes.pdf") == .meetingDocument)
        #expect(try Self.kind("https://x.gov.uk/documents/s190101/Minutes.pdf") == .itemDocument)
        #expect(try Self.kind("https://x.gov.uk/DOCUMENTS//S12/a.pdf") == .itemDocument)
        #expect(try Self.kind("https://x.gov.uk/mgConvert2PDF.aspx?ID=5") == .itemDocument)
        #expect(try Self.kind("https://x.gov.uk/mgChooseDocPack.aspx?ID=5") == .meetingDocument)
        // Not a folder pair: a letter alone, letters after it, the folder name elsewhere, documents last.
        #expect(try Self.kind("https://x.gov.uk/documents/g/a.pdf") == .other)
        #expect(try Self.kind("https://x.gov.uk/documents/g12a/a.pdf") == .other)
        #expect(try Self.kind("https://x.gov.uk/mydocuments/g12/a.pdf") == .other)
        #expect(try Self.kind("https://x.gov.uk/g12/documents") == .other)
        #expect(try Self.kind("https://x.gov.uk/documents/x12/a.pdf") == .other)
        #expect(try Self.kind("https://x.gov.uk/mgAi.aspx?ID=51890") == .itemPage(id: "AI51890"))
    }
}
