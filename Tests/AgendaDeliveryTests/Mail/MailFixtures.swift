import AgendaCore
import AgendaDelivery
import AgendaDiff
import AgendaModel
import Foundation
import TestSupport

/// Notices for the mail tests, built the way the pipeline builds them (`NoticeComposer`),
/// including ones whose third-party text tries to break out of a header or a body line.
enum MailFixtures {
    static let source = NoticeSource(id: "powys", name: "Cyngor Sir Powys County Council")
    /// 2026-11-29T06:54:08Z.
    static let date = Date(timeIntervalSince1970: 1_795_935_248)

    static let injection = "Budget\r\nBcc: victim@example.com"
    static let welsh = "Pwyllgor Cynllunio – Ystradgynlais ŵ ŷ"
    static let long = String(repeating: "Long title ", count: 455) + "end"  // 5,008 characters

    static func settings(unsubscribe: String? = "https://alerts.example.org/u/tok123") throws -> MailSettings {
        try MailSettings(subscriptionID: "jane", from: "Agenda alerts <alerts@example.org>",
                         to: "Jane Doe <jane@example.org>", unsubscribeURL: unsubscribe)
    }

    static func meeting(number: Int = 7892, committee: String = "Cabinet",
                        title: String = "Cabinet - Thursday, 3 December 2026 10.00 am",
                        start: LondonDateTime? = LondonDateTime(iso8601: "2026-12-03T10:00:00+00:00"), venue: String? = "County Hall, Llandrindod Wells",
                        status: MeetingStatus = .confirmed) -> Meeting {
        Meeting(id: MeetingID(source: "powys", number: number),
                url: "https://powys.moderngov.co.uk/ieListDocuments.aspx?CId=130&MId=\(number)",
                committee: Committee(id: 130, name: committee), title: title, start: start, venue: venue,
                status: status, published: PublishedFlags(agenda: true, minutes: false, decisions: false),
                actionDocuments: [], items: [])
    }

    static func notice(_ meeting: Meeting, version: Int = 2, changes: [Change], subscription: String = "jane") -> Notice {
        NoticeComposer().notice(source: source, meeting: meeting, version: version, changes: changes,
                                subscription: SubscriptionTarget(id: subscription, filter: .everything),
                                occurredAt: date)!
    }

    static func documentURL(_ id: Int) -> String {
        "https://powys.moderngov.co.uk/documents/s\(id)/Report.pdf"
    }

    /// An ordinary notice: agenda published, a document added to item 5.
    static var plain: Notice {
        notice(meeting(), changes: [
            Change(kind: .agendaPublished),
            Change(kind: .documentAdded, item: "5", title: "Appendix B - Budget", url: documentURL(1001)),
        ])
    }

    /// The injection attempt in the committee, meeting title, item title and document title.
    static var injected: Notice {
        notice(meeting(number: 7001, committee: injection, title: injection + " - Thursday, 3 December 2026"), version: 1,
               changes: [
                   Change(kind: .meetingNew, title: injection + " - Thursday, 3 December 2026"),
                   Change(kind: .itemAdded, item: "5", title: injection),
                   Change(kind: .documentAdded, item: "5", title: injection, url: documentURL(1002)),
               ])
    }

    /// A lone LF, NUL, U+2028, U+0085, emoji and Welsh diacritics.
    static var welshAndControls: Notice {
        notice(meeting(number: 7002, committee: welsh, title: welsh + " - Dydd Iau, 3 Rhagfyr 2026",
                       venue: "Neuadd\u{85}y Dref\u{2029}Ystradgynlais"),
               changes: [
                   Change(kind: .meetingVenueChanged, before: "Siambr\nY Cyngor", after: "Neuadd\u{85}y Dref\u{2029}Ystradgynlais"),
                   Change(kind: .documentAdded, item: "7", title: "Adroddiad\u{0}ŵ\u{2028}ŷ 📅🏛️ Cyllideb\nBcc: x@example.com",
                          url: documentURL(1003)),
                   Change(kind: .itemRetitled, item: "7", title: "Cynllun Datblygu Lleol – Caffi ☕",
                          before: "Cynllun\tDatblygu", after: "Cynllun Datblygu Lleol – Caffi ☕"),
               ])
    }

    /// A 5,000-character committee name, meeting title and document title (the last one word without spaces).
    static var enormous: Notice {
        notice(meeting(number: 7003, committee: long, title: long), changes: [
            Change(kind: .documentAdded, item: "9", title: String(repeating: "ŵ", count: 5000), url: documentURL(1004)),
            Change(kind: .meetingRescheduled, before: "2026-12-01T14:00:00+00:00", after: "2026-12-03T10:00:00+00:00"),
        ])
    }

    /// Emoji only, a family ZWJ sequence, and no start or venue.
    static var emoji: Notice {
        notice(meeting(number: 7004, committee: "🏛️ 👩‍👩‍👧‍👦 Council 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉", start: nil, venue: nil),
               changes: [Change(kind: .minutesPublished), Change(kind: .itemTextChanged, item: "3", title: "minutes",
                                                                  before: "Old\r\nminutes", after: "New minutes 🎉")])
    }

    static var hostile: [Notice] { [injected, welshAndControls, enormous, emoji] }

    /// Markup in every third-party string, a `javascript:` document link and a quote in a URL.
    static let markupTitle = "<script>alert(\"x\")</script> & <img src=\"http://evil.example/x.png\"> Budget"
    static var markup: Notice {
        notice(meeting(number: 7005, committee: "<b>Cabinet</b>", title: markupTitle, venue: "<i>Hall</i> & \"Annex\""),
               changes: [
                   Change(kind: .documentAdded, item: "5", title: markupTitle, url: documentURL(1005) + "?a=1&b=\"2\""),
                   Change(kind: .documentAdded, item: "6", title: "Trap", url: "javascript:alert(1)"),
                   Change(kind: .itemRetitled, item: "7", title: "</li></ul><h1>Owned</h1>", before: "Old", after: "</li></ul><h1>Owned</h1>"),
               ])
    }

    /// The meeting's event as the pipeline makes it (stored at `date`, 2 hours long).
    static func event(_ meeting: Meeting, version: Int = 2) -> MeetingEvent? {
        MeetingEvent(meeting: meeting, version: version, storedAt: date, councilName: source.name, uidDomain: "example.org",
                     duration: .seconds(7200))
    }

    static func temporaryFolder(_ label: String) throws -> String {
        try makeTemporaryFolder("mail-\(label)")
    }

    /// Writes `bytes` as `name` in a fresh folder, runs `body` on its path, and removes the folder.
    static func withFile<T>(_ bytes: [UInt8], named name: String, _ body: (String) async throws -> T) async throws -> T {
        let folder = try temporaryFolder("file")
        defer { remove(folder) }
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try await body(path)
    }

    /// Removes a folder made by `temporaryFolder` (the check script's log lives beside the spool, inside it).
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
