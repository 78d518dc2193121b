import AgendaCore
import AgendaModel
import Foundation

/// Builds meetings the way ModernGov lays them out, so that the model and the page agree:
/// titles carry the date as the h2 shows it, `start` has the London offset, action documents
/// have ModernGov's names and URLs, and an item's first document is titled as the item.
package enum MeetingFactory {
    /// "Cabinet - Thursday 15 January 2026 7:30 pm".
    package static func title(committee: String, at time: LondonDateTime) -> String {
        "\(committee) - \(time.longDate) \(time.timeText)"
    }

    /// "Thursday 15-Jan-2026 19.30", as ModernGov names a meeting's generated documents.
    package static func fileStamp(_ time: LondonDateTime) -> String {
        "\(time.date.weekdayName) \(pad(time.date.day))-\(time.monthAbbreviation)-\(time.date.year) \(pad(time.clock.hour)).\(pad(time.clock.minute))"
    }

    package struct Supplement {
        package var id: Int
        package var title: String
        package var size: String
    }

    /// Frontsheet and reports pack (when the agenda is out), supplements, printed decisions and minutes.
    package static func actionDocuments(content: SiteContent, packID: Int, committee: String, at time: LondonDateTime,
                                published: PublishedFlags, supplements: [Supplement] = [], sizeSeed: Int) -> [ActionDocument] {
        var documents: [ActionDocument] = []
        let stamp = "\(fileStamp(time)) \(committee)"
        if published.agenda {
            documents.append(ActionDocument(kind: .frontsheet, title: "Agenda frontsheet",
                                            url: content.documentURL("g\(packID)", "Agenda frontsheet \(stamp).pdf") + "?T=0",
                                            size: "PDF \(90 + sizeSeed % 160) KB"))
            documents.append(ActionDocument(kind: .reportsPack, title: "Agenda reports pack",
                                            url: "\(content.base)mgChooseDocPack.aspx?ID=\(packID)", size: nil))
        }
        for supplement in supplements {
            documents.append(ActionDocument(kind: .supplement, title: supplement.title,
                                            url: "\(content.base)mgChooseDocPack.aspx?ID=\(packID)&SID=\(supplement.id)",
                                            size: supplement.size))
        }
        if published.decisions {
            documents.append(printedDecisions(content: content, packID: packID, stamp: stamp, sizeSeed: sizeSeed))
        }
        if published.minutes {
            documents.append(printedMinutes(content: content, packID: packID, stamp: stamp, sizeSeed: sizeSeed))
        }
        return documents
    }

    package static func printedMinutes(content: SiteContent, packID: Int, stamp: String, sizeSeed: Int) -> ActionDocument {
        ActionDocument(kind: .printedMinutes, title: "Printed minutes",
                       url: content.documentURL("g\(packID)", "Printed minutes \(stamp).pdf") + "?T=1",
                       size: "PDF \(80 + sizeSeed % 140) KB")
    }

    package static func printedDecisions(content: SiteContent, packID: Int, stamp: String, sizeSeed: Int) -> ActionDocument {
        ActionDocument(kind: .printedDecisions, title: "Printed decisions",
                       url: content.documentURL("g\(packID)", "Decisions \(stamp).pdf") + "?T=2",
                       size: "PDF \(60 + sizeSeed % 120) KB")
    }

    /// Adds printed minutes to the action list in ModernGov's order (after any printed decisions).
    package static func insertPrintedMinutes(_ meeting: inout Meeting, content: SiteContent, sizeSeed: Int) {
        guard !meeting.actionDocuments.contains(where: { $0.kind == .printedMinutes }),
              let time = meeting.start else { return }
        let packID = packIDOf(meeting) ?? meeting.id.number + 9
        let document = printedMinutes(content: content, packID: packID, stamp: "\(fileStamp(time)) \(meeting.committee.name)", sizeSeed: sizeSeed)
        meeting.actionDocuments.append(document)
    }

    /// The document pack id ("g10230") that the meeting's generated documents live under.
    package static func packIDOf(_ meeting: Meeting) -> Int? {
        for document in meeting.actionDocuments {
            if let range = document.url.range(of: "/documents/g") {
                let digits = document.url[range.upperBound...].prefix { $0.isNumber }
                if let id = Int(digits) { return id }
            }
            if let range = document.url.range(of: "mgChooseDocPack.aspx?ID=") {
                let digits = document.url[range.upperBound...].prefix { $0.isNumber }
                if let id = Int(digits) { return id }
            }
        }
        return nil
    }
}
