import AgendaCore
import AgendaDiff
import AgendaModel
import Foundation
import Testing

@Suite("NoticeJSON")
struct NoticeJSONTests {
    let notice = Notice(
        id: "ntc_0b4e47e0e66bd45bcf156d74", type: .meetingChanged, occurredAt: "2026-11-29T07:00:00Z",
        source: NoticeSource(id: "leics", name: "Leicestershire County Council"),
        meeting: NoticeMeeting(
            id: MeetingID(source: "leics", number: 7892),
            url: "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892",
            committee: Committee(id: 1043, name: "Children and Families Overview and Scrutiny Committee"),
            title: "Children and Families Overview and Scrutiny Committee - Tuesday, 2 September 2025 2.00 pm",
            start: LondonDateTime(iso8601: "2025-09-02T14:00:00+01:00"), venue: nil, status: .confirmed, version: 3),
        changes: [
            Change(kind: .documentAdded, item: "24", title: "Appendix B",
                   url: "https://democracy.leics.gov.uk/documents/s1234/Appendix%20B.pdf"),
            Change(kind: .minutesPublished),
        ],
        summary: "Item 24: document added (Appendix B); minutes published")

    func object() throws -> [String: Any] {
        let bytes = NoticeJSON.encode(notice)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func topLevelShape() throws {
        let json = try object()
        #expect(Set(json.keys) == ["id", "type", "occurred_at", "source", "meeting", "changes", "summary"])
        #expect(json["id"] as? String == "ntc_0b4e47e0e66bd45bcf156d74")
        #expect(json["type"] as? String == "meeting.changed")
        #expect(json["occurred_at"] as? String == "2026-11-29T07:00:00Z")
        #expect(json["summary"] as? String == "Item 24: document added (Appendix B); minutes published")
        let source = try #require(json["source"] as? [String: Any])
        #expect(source as? [String: String] == ["id": "leics", "name": "Leicestershire County Council"])
    }

    @Test("external appears only when true; without it a change reads as on the council's site")
    func externalFlag() throws {
        let onSite = String(decoding: NoticeJSON.encode(notice), as: UTF8.self)
        #expect(!onSite.contains("external"))
        var elsewhere = notice
        elsewhere.changes[0].external = true
        let line = String(decoding: NoticeJSON.encode(elsewhere), as: UTF8.self)
        #expect(line.contains(#"{"external":true,"item":"24","kind":"document.added","#))
        #expect(line.replacingOccurrences(of: #""external":true,"#, with: "") == onSite)
        #expect(try NoticeJSON.decode(Array(line.utf8)) == elsewhere)
        #expect(try NoticeJSON.decode(Array(onSite.utf8)).changes.map(\.external) == [false, false])
        let stored = try JSONDecoder().decode(Document.self, from: Data(#"{"title":"A","url":"https://x.example/a.pdf"}"#.utf8))
        #expect(stored == Document(title: "A", url: "https://x.example/a.pdf", size: nil, external: false))
    }

    @Test func meetingShapeOmitsAbsentVenue() throws {
        let meeting = try #require(try object()["meeting"] as? [String: Any])
        #expect(Set(meeting.keys) == ["id", "url", "committee", "title", "start", "status", "version"])
        #expect(meeting["id"] as? String == "leics/7892")
        #expect(meeting["status"] as? String == "confirmed")
        #expect(meeting["version"] as? Int == 3)
        #expect(meeting["start"] as? String == "2025-09-02T14:00:00+01:00")
        let committee = try #require(meeting["committee"] as? [String: Any])
        #expect(Set(committee.keys) == ["id", "name"])
        #expect(committee["id"] as? Int == 1043)
    }

    @Test func changesCarryOnlyTheirFields() throws {
        let changes = try #require(try object()["changes"] as? [[String: Any]])
        #expect(changes.count == 2)
        #expect(Set(changes[0].keys) == ["kind", "item", "title", "url"])
        #expect(changes[0]["kind"] as? String == "document.added")
        #expect(changes[0]["item"] as? String == "24")
        #expect(changes[1] as? [String: String] == ["kind": "minutes.published"])
    }

    @Test func oneCompactLineWithSlashesUnescapedAndStableKeyOrder() {
        let text = String(decoding: NoticeJSON.encode(notice), as: UTF8.self)
        #expect(!text.contains("\n") && !text.hasSuffix(" "))
        #expect(text.contains(#""url":"https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MId=7892""#))
        #expect(!text.contains(#"\/"#))
        #expect(text.hasPrefix(#"{"changes":[{"item":"24","kind":"document.added","title":"Appendix B","url":"#))
        #expect(NoticeJSON.encode(notice) == NoticeJSON.encode(notice))
    }

    @Test func newlinesInThirdPartyTextStayEscapedOnOneLine() {
        var multiline = notice
        multiline.changes = [Change(kind: .itemTextChanged, item: "24", title: "minutes", before: "a\nb", after: "c\r\nd")]
        let bytes = NoticeJSON.encode(multiline)
        #expect(!bytes.contains(UInt8(ascii: "\n")) && !bytes.contains(UInt8(ascii: "\r")))
    }

    @Test func roundTrips() throws {
        #expect(try NoticeJSON.decode(NoticeJSON.encode(notice)) == notice)
    }
}
