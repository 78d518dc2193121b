import AgendaModel
import ModernGov

/// How `check-source` judges the pages a sync reads — a committee's meetings list and its meeting
/// pages: what a sync would take from each, or the reason a sync would fail on it, and the softer
/// warnings an admin should see. The one place that decides, so that the page structure check of
/// the drift work (ModernGov's `StructureCheck`, its findings from `MeetingPageParser.read` and
/// `MeetingListParser.read`) replaces the body of these two functions and nothing else.
///
/// Until that check is on main, a page fails exactly when ModernGov's parser rejects it (its error
/// names the missing part: "no h2.mgSubTitleTxt sub-title"), and the warnings come from the
/// extracted record alone; nothing here re-implements extraction.
enum PageCheck {
    struct Verdict<Reading> {
        var reading: Reading?
        var failure: ModernGovPageError?
        var warnings: [String]
    }

    static func meetingPage(_ body: [UInt8], url: String, sourceID: String) -> Verdict<Meeting> {
        do {
            let meeting = try MeetingPageParser(sourceID: sourceID).parse(body, url: url)
            return Verdict(reading: meeting, failure: nil, warnings: warnings(meeting))
        } catch {
            return Verdict(reading: nil, failure: error, warnings: [])
        }
    }

    static func meetingsList(_ body: [UInt8], url: String, sourceID: String) -> Verdict<MeetingList> {
        do {
            let list = try MeetingListParser(sourceID: sourceID).parse(body, url: url)
            let undated = list.meetings.filter { $0.start == nil }
            return Verdict(reading: list, failure: nil,
                           warnings: undated.map { "meeting \($0.id.number) has no date (\"\($0.dateText)\")" })
        } catch {
            return Verdict(reading: nil, failure: error, warnings: [])
        }
    }

    /// An undated meeting, an item without a number, a document without a size.
    private static func warnings(_ meeting: Meeting) -> [String] {
        var warnings: [String] = []
        if meeting.start == nil { warnings.append("the meeting has no date") }
        for item in meeting.items {
            let name = item.number.isEmpty ? "item \"\(item.title)\"" : "item \(item.number)"
            if item.number.isEmpty { warnings.append("\(name) has no number") }
            for document in item.documents where document.size == nil {
                warnings.append("document \"\(document.title)\" of \(name) has no size")
            }
        }
        // A reports pack links to a page that assembles the pack (mgChooseDocPack.aspx): ModernGov shows no size for it.
        for document in meeting.actionDocuments where document.size == nil && document.kind != .reportsPack {
            warnings.append("document \"\(document.title)\" has no size")
        }
        return warnings
    }
}
