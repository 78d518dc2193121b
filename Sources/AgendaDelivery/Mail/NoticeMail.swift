import AgendaCore
import AgendaDiff
import AgendaModel
import Foundation

/// How often a digest subscription gets its message (the config's `digest = "daily" | "hourly"`).
public enum MailDigestPeriod: String, Hashable, Sendable, CaseIterable {
    case daily
    case hourly
}

/// Builds the RFC 5322 messages of the email channel: one per notice, or one digest of several.
///
/// The body is `multipart/alternative`: a `text/plain` part (quoted-printable UTF-8, `NoticeMailBody`)
/// then a `text/html` part (`NoticeMailHTML`). A notice about a meeting with a date also carries the
/// meeting's event as an attachment, `text/calendar; method=PUBLISH` (base64), so one click adds it to
/// a calendar or updates it there (same `UID`, higher `SEQUENCE`); the message is then
/// `multipart/mixed` of the two.
///
/// Every message has exactly these headers, in this order: `Date`, `From`, `To`, `Subject`,
/// `Message-ID`, [`In-Reply-To`, `References` — notices only], `Auto-Submitted`, `MIME-Version`,
/// `Content-Type`, `Content-Transfer-Encoding`, [`List-Unsubscribe`, and `List-Unsubscribe-Post`
/// for an https URL — only when an unsubscribe URL is set], `X-Agenda-Sync-Notices`.
/// Third-party text reaches a header only after `MailText` has replaced every line-breaking and
/// control character, and leaves as printable ASCII (RFC 2047 encoded-words for the rest),
/// folded to at most 78 octets a line.
public enum NoticeMail {
    /// Subjects longer than this (in characters) are cut at a word and end in "…".
    public static let maxSubjectLength = 200
    /// The Maildir file name suffix.
    public static let fileNameSuffix = ".agenda-sync"

    /// The message for one notice. `Message-ID` is `<NOTICEID@FROM-DOMAIN>`; `In-Reply-To` and
    /// `References` name the meeting (`<meeting.SOURCE.NUMBER@FROM-DOMAIN>`) on every notice, the
    /// first included, so every version of a meeting threads under one (virtual) root.
    /// `event` is the meeting at the notice's version (`MeetingEvent`), attached when given.
    public static func message(for notice: Notice, settings: MailSettings, date: Date, event: MeetingEvent? = nil) -> MailMessage {
        let domain = settings.from.domain
        let id = idToken(notice.id)
        let messageID = "\(id)@\(domain)"
        let meetingID = "<\(meetingThreadID(notice.meeting.id))@\(domain)>"
        var body = alternatives(text: NoticeMailBody.lines(for: notice, settings: settings),
                                html: NoticeMailHTML.document(for: notice, settings: settings))
        if let event {
            let calendar = MailBody.calendar(bytes: MeetingCalendar.publication(event))
            body = .multipart(subtype: "mixed", boundary: MailBody.mixedBoundary, parts: [body, calendar])
        }
        var headers = leadingHeaders(settings: settings, date: date, subject: subject(for: notice), messageID: messageID)
        headers.append(field("In-Reply-To", token: meetingID))
        headers.append(field("References", token: meetingID))
        headers += trailingHeaders(settings: settings, noticeIDs: [notice.id], body: body)
        return MailMessage(messageID: messageID, fileName: id + fileNameSuffix, bytes: assemble(headers, body),
                           envelopeFrom: settings.from.addrSpec, envelopeTo: [settings.to.addrSpec],
                           noticeIDs: [notice.id])
    }

    /// One message covering `notices`, grouped by meeting (meetings in order of first appearance,
    /// notices in the given order). Its id is `dgst_` + hex from SHA-256 of the subscription id
    /// and the sorted notice ids: the same set gives the same `Message-ID` and file name.
    public static func digest(notices: [Notice], period: MailDigestPeriod, settings: MailSettings, date: Date) -> MailMessage {
        let id = digestID(subscriptionID: settings.subscriptionID, noticeIDs: notices.map(\.id))
        let messageID = "\(id)@\(settings.from.domain)"
        let subject = digestSubject(count: notices.count, period: period, date: date)
        let body = alternatives(text: NoticeMailBody.digestLines(for: notices, settings: settings),
                                html: NoticeMailHTML.digestDocument(for: notices, settings: settings,
                                                                    subject: subject))
        var headers = leadingHeaders(settings: settings, date: date, subject: subject, messageID: messageID)
        headers += trailingHeaders(settings: settings, noticeIDs: notices.map(\.id), body: body)
        return MailMessage(messageID: messageID, fileName: id + fileNameSuffix, bytes: assemble(headers, body),
                           envelopeFrom: settings.from.addrSpec, envelopeTo: [settings.to.addrSpec],
                           noticeIDs: notices.map(\.id))
    }

    /// `dgst_` + the first 32 hex digits of SHA-256 over the subscription id and then the distinct
    /// notice ids in sorted order, each written as `<UTF-8 length>:<text>` so no two lists share a key.
    public static func digestID(subscriptionID: String, noticeIDs: [String]) -> String {
        let key = ([subscriptionID] + Set(noticeIDs).sorted()).map { "\($0.utf8.count):\($0)" }.joined()
        return "dgst_" + SHA256Digest.hex(of: key).prefix(32)
    }

    /// "COMMITTEE, Thu 3 Dec 2026: SUMMARY" (the meeting's date as the council wrote it; left out
    /// when the meeting has none), on one line and at most `maxSubjectLength` characters.
    public static func subject(for notice: Notice) -> String {
        let committee = MailText.oneLine(notice.meeting.committee.name)
        let day = notice.meeting.start.map { MailCalendar.display($0.date) }
        let heading = [committee, day].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        let summary = MailText.oneLine(notice.summary)
        let text = [heading, summary].filter { !$0.isEmpty }.joined(separator: ": ")
        return MailText.shortened(text.isEmpty ? "Council meeting update" : text, to: maxSubjectLength)
    }

    /// "Council meetings digest: 7 updates (29 Nov 2026)"; hourly digests add the UTC hour.
    public static func digestSubject(count: Int, period: MailDigestPeriod, date: Date) -> String {
        let label = MailCalendar.utcDay(date, withHour: period == .hourly)
        return "Council meetings digest: \(count) \(count == 1 ? "update" : "updates") (\(label))"
    }

    // MARK: Headers

    private static func leadingHeaders(settings: MailSettings, date: Date, subject: String, messageID: String) -> [MailHeaderField] {
        var from = MailHeaderField(name: "From")
        settings.from.append(to: &from)
        var to = MailHeaderField(name: "To")
        settings.to.append(to: &to)
        var subjectField = MailHeaderField(name: "Subject")
        subjectField.append(text: MailText.oneLine(subject))
        return [field("Date", token: MailCalendar.headerDate(date)), from, to, subjectField,
                field("Message-ID", token: "<\(messageID)>")]
    }

    private static func trailingHeaders(settings: MailSettings, noticeIDs: [String], body: MailBody) -> [MailHeaderField] {
        var fields = [
            field("Auto-Submitted", token: "auto-generated"),
            field("MIME-Version", token: "1.0"),
            field("Content-Type", token: body.contentType),
            field("Content-Transfer-Encoding", token: body.transferEncoding),
        ]
        if let url = settings.unsubscribeURL {
            fields.append(field("List-Unsubscribe", token: "<\(url)>"))
            if settings.offersOneClickUnsubscribe {
                fields.append(field("List-Unsubscribe-Post", token: "List-Unsubscribe=One-Click"))
            }
        }
        var notices = MailHeaderField(name: "X-Agenda-Sync-Notices")
        let tokens = noticeIDs.map(idToken)
        for (index, token) in tokens.enumerated() {
            notices.append(token: index < tokens.count - 1 ? token + "," : token)
        }
        fields.append(notices)
        return fields
    }

    private static func field(_ name: String, token: String) -> MailHeaderField {
        var field = MailHeaderField(name: name)
        field.append(token: token)
        return field
    }

    /// The text and HTML of one message as `multipart/alternative` (plainest first, RFC 2046 §5.1.4).
    private static func alternatives(text: [String], html: [UInt8]) -> MailBody {
        let htmlLines = String(decoding: html, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return .multipart(subtype: "alternative", boundary: MailBody.alternativeBoundary, parts: [
            .text(subtype: "plain", lines: text),
            .text(subtype: "html", lines: (htmlLines.last == "" ? htmlLines.dropLast() : htmlLines[...]).map(String.init)),
        ])
    }

    private static func assemble(_ headers: [MailHeaderField], _ body: MailBody) -> [UInt8] {
        var bytes = Array(headers.map(\.text).joined().utf8)
        bytes += [13, 10]
        bytes += body.content
        return bytes
    }

    // MARK: Ids

    /// `id` itself when it is a safe token (letters, digits, `_`, `-`; 1–100 characters, not
    /// starting with `-`), else `x_` + 32 hex digits of its SHA-256: usable in a `Message-ID`,
    /// a header list and a file name alike.
    static func idToken(_ id: String) -> String {
        let safe = (1...100).contains(id.utf8.count) && !id.hasPrefix("-") && id.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
            default: false
            }
        }
        return safe ? id : "x_" + SHA256Digest.hex(of: id).prefix(32)
    }

    /// `meeting.SOURCE.NUMBER`, the left part of the id every notice of a meeting refers to.
    static func meetingThreadID(_ id: MeetingID) -> String {
        "meeting.\(idToken(id.source)).\(id.number)"
    }
}
