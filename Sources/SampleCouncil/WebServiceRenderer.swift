import AgendaCore
import AgendaModel
import Foundation

/// Renders the model as ModernGov's web service answers it (`mgWebService.asmx`: GetCommittees,
/// GetMeetings, GetMeeting), in the shape of Gloucester City Council's real responses: CRLF line
/// ends, counts with a leading space (`<meetingscount> 20</meetingscount>`), empty elements as a
/// line break and an indent, `True`/`False` flags, dates `dd/mm/yyyy` and times `7.00 pm`, item
/// titles escaped twice (`Members&amp;#39;`), Word's HTML entity-escaped inside the elements.
///
/// The same model gives the same meeting by either path, except what the web service does not
/// carry: document sizes and the meeting-level documents (frontsheet, packs, printed minutes).
/// Noise varies what a parser must not care about: indentation, the wrapping of Word's HTML,
/// the order of attributes.
public enum WebServiceRenderer {
    /// `GetCommittees`.
    public static func committees(_ committees: [Committee], noise: PageNoise) -> String {
        var x = XMLWriter(noise: noise, root: "committees")
        x.element("committeescount", " \(committees.count)", depth: 1)
        for committee in committees {
            x.open("committee", depth: 1)
            x.element("committeeid", "\(committee.id)", depth: 2)
            x.element("committeetitle", XMLWriter.escape(committee.name), depth: 2)
            x.element("committeedeleted", "False", depth: 2)
            x.element("committeeexpired", "False", depth: 2)
            x.close("committee", depth: 1)
        }
        return x.finish()
    }

    /// `GetMeetings` of one committee: its meetings whose day lies in `from…to` (either end open when nil).
    public static func meetings(committee: Committee, meetings: [Meeting], from: CivilDate?, to: CivilDate?,
                                noise: PageNoise) -> String {
        let inRange = meetings.filter { meeting in
            guard let day = meeting.start?.date else { return false }
            return (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
        }
        var x = XMLWriter(noise: noise, root: "getmeetings")
        x.element("meetingscount", " \(inRange.count)", depth: 1)
        x.element("committeescount", " 1", depth: 1)
        x.open("committee", depth: 1)
        x.element("committeeid", "\(committee.id)", depth: 2)
        x.element("committeetitle", XMLWriter.escape(committee.name), depth: 2)
        x.element("committeemeetingcount", " \(inRange.count)", depth: 2)
        x.open("committeemeetings", depth: 2)
        for meeting in inRange {
            x.open("meeting", depth: 3)
            x.element("meetingid", "\(meeting.id.number)", depth: 4)
            x.element("meetingdate", dayText(meeting.start), depth: 4)
            x.element("meetingstatus", status(meeting), depth: 4)
            x.element("meetingtime", timeText(meeting.start), depth: 4)
            x.element("iswebcast", "False", depth: 4)
            x.close("meeting", depth: 3)
        }
        x.close("committeemeetings", depth: 2)
        x.close("committee", depth: 1)
        return x.finish()
    }

    /// `GetMeeting?lMeetingId=M`.
    public static func meeting(_ meeting: Meeting, noise: PageNoise, site: SiteStyle = .sample) -> String {
        var x = XMLWriter(noise: noise, root: "meeting")
        x.element("meetingid", "\(meeting.id.number)", depth: 1)
        x.element("meetingdate", dayText(meeting.start), depth: 1)
        x.element("meetingstatus", status(meeting), depth: 1)
        x.element("isdisplayallowed", "True", depth: 1)
        x.element("meetingtime", timeText(meeting.start), depth: 1)
        x.element("meetingactualstarttime", "", depth: 1)
        x.element("meetingplannedfinishtime", "", depth: 1)
        x.element("meetinglocation", XMLWriter.escape(meeting.venue ?? ""), depth: 1)
        x.element("iswebcast", "False", depth: 1)
        x.element("agendaid", "\(meeting.id.number)", depth: 1)
        x.element("agendapublished", flag(meeting.published.agenda), depth: 1)
        x.element("decisionpublished", flag(meeting.published.decisions), depth: 1)
        x.element("minutepublished", flag(meeting.published.minutes), depth: 1)
        x.open("meetingroom", depth: 1)
        x.element("roomtitle", XMLWriter.escape(meeting.venue?.split(separator: ",").first.map(String.init) ?? ""), depth: 2)
        x.element("bookingfromdate", "", depth: 2)
        x.element("bookingcomment", "", depth: 2)
        x.element("addresssummary", XMLWriter.escape(meeting.venue ?? ""), depth: 2)
        x.close("meetingroom", depth: 1)
        x.open("agendaitems", depth: 1)
        for item in meeting.items { self.item(&x, item, meeting: meeting) }
        x.close("agendaitems", depth: 1)
        x.open("attendees", depth: 1)
        x.element("attendee", "", depth: 2, attributes: [
            ("membertype", "U"), ("memberid", "\(meeting.committee.id)"), ("name", site.contactName),
            ("roledescription", "Officer"), ("attendance", "In attendance"), ("representing", "Democratic Services Officer"),
        ])
        x.close("attendees", depth: 1)
        return x.finish()
    }

    private static func item(_ x: inout XMLWriter, _ item: AgendaItem, meeting: Meeting) {
        let wrap = x.noise.wrapWidth
        x.open("agendaitem", depth: 2)
        x.element("agendaitemid", ModernGovRenderer.itemNumber(item.id), depth: 3)
        // Titles go through ModernGov's HTML encoder first, then XML's: "Members&amp;#39;".
        x.element("agendaitemtitle", XMLWriter.escape(HTMLEscaping.moderngov(item.title)), depth: 3)
        x.element("agendatext", item.text.map { XMLWriter.escapeBlock(ModernGovRenderer.wordHTML($0, wrapWidth: wrap)) } ?? "",
                  depth: 3)
        x.element("actualmeetingdate", dayText(meeting.start), depth: 3)
        x.element("agendaitemsubnumber", "", depth: 3)
        x.element("fulldisplaynumberformat", item.number.isEmpty ? "" : item.number + ".", depth: 3)
        if let decision = item.decision {
            x.element("decisionnonemptyhtmlbody", XMLWriter.escapeBlock(ModernGovRenderer.wordHTML(decision.text, wrapWidth: wrap)),
                      depth: 3)
        }
        if let minutes = item.minutes {
            x.element("minutesnonemptyhtmlbody", XMLWriter.escapeBlock(ModernGovRenderer.wordHTML(minutes.text, wrapWidth: wrap)),
                      depth: 3)
        }
        x.element("isdecisionpublished", flag(item.decision != nil), depth: 3)
        x.element("isminutepublished", flag(item.minutes != nil), depth: 3)
        x.element("isrestricted", "False", depth: 3)
        if !item.documents.isEmpty {
            x.open("linkeddocuments", depth: 3)
            for (index, document) in item.documents.enumerated() {
                x.open("linkeddoc", depth: 4)
                x.element("attachmentid", "\(StableHash.fnv1a(document.url) % 900_000 + 100_000)", depth: 5)
                x.element("title", XMLWriter.escape(document.title), depth: 5)
                x.element("isurl", "False", depth: 5)
                x.element("url", XMLWriter.escape(document.url), depth: 5)
                x.element("isrestricted", "False", depth: 5)
                x.element("restrictionsRef", "", depth: 5)
                x.element("itemnum", "\(index + 1)", depth: 5)
                x.element("committeetitle", XMLWriter.escape(meeting.committee.name), depth: 5)
                x.element("ownertitle", XMLWriter.escape(item.title), depth: 5)
                x.close("linkeddoc", depth: 4)
            }
            x.close("linkeddocuments", depth: 3)
        }
        x.close("agendaitem", depth: 2)
    }

    private static func flag(_ value: Bool) -> String { value ? "True" : "False" }

    private static func status(_ meeting: Meeting) -> String {
        meeting.status == .cancelled ? "Cancelled" : "Confirmed"
    }

    /// "21/11/2025".
    static func dayText(_ start: LondonDateTime?) -> String {
        guard let day = start?.date else { return "" }
        return "\(pad(day.day))/\(pad(day.month))/\(day.year)"
    }

    /// "12.30 pm", as the web service writes times; "" for a date alone.
    static func timeText(_ start: LondonDateTime?) -> String {
        start?.time.map { $0.twelveHourText.replacingOccurrences(of: ":", with: ".") } ?? ""
    }
}

/// Writes the web service's XML: a declaration, CRLF line ends, an indent per depth (the noise
/// picks the unit), whitespace-only empty elements, and attributes in the noise's order.
struct XMLWriter {
    let noise: PageNoise
    private let root: String
    private var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"

    init(noise: PageNoise, root: String) {
        self.noise = noise
        self.root = root
        out += "<\(root)>\r\n"
    }

    private func indent(_ depth: Int) -> String {
        String(repeating: noise.indentUnit.isEmpty ? "  " : noise.indentUnit, count: depth)
    }

    mutating func open(_ name: String, depth: Int) {
        out += "\(indent(depth))<\(name)>\r\n"
    }

    mutating func close(_ name: String, depth: Int) {
        out += "\(indent(depth))</\(name)>\r\n"
    }

    /// `<name>text</name>`; empty text is written as ModernGov writes it, a line break and an indent.
    mutating func element(_ name: String, _ escapedText: String, depth: Int, attributes: [(String, String)] = []) {
        var ordered = attributes
        if noise.shufflesAttributes { ordered.reverse() }
        let attributeText = ordered.map { " \($0.0)=\"\(HTMLEscaping.text($0.1))\"" }.joined()
        let body = escapedText.isEmpty ? "\r\n" + indent(depth) : escapedText
        out += "\(indent(depth))<\(name)\(attributeText)>\(body)</\(name)>\r\n"
    }

    mutating func finish() -> String {
        out + "</\(root)>\r\n"
    }

    /// Element text: `& < >` as entities; quotes are left as they are, as ModernGov leaves them.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// HTML carried as text (Word's paragraphs): escaped, its lines ending CRLF like the rest.
    static func escapeBlock(_ html: String) -> String {
        escape(html).replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }
}
