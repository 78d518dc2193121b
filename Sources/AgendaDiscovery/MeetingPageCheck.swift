import AgendaModel
import ModernGov

/// How `check-source` judges one meeting page: the typed meeting as a sync would store it, or the
/// reason a sync would fail on the page, and the softer warnings an admin should see. The one place
/// that decides, so that the page structure check of the drift work slots in here.
///
/// Until that check exists, a page fails exactly when ModernGov's parser rejects it (its error
/// names the missing part: "no h2.mgSubTitleTxt sub-title"), and the warnings come from the
/// extracted record alone; nothing here re-implements extraction.
enum MeetingPageCheck {
    struct Verdict {
        var meeting: Meeting?
        var failure: ModernGovPageError?
        var warnings: [String]
    }

    static func check(_ body: [UInt8], url: String, sourceID: String) -> Verdict {
        do {
            let meeting = try MeetingPageParser(sourceID: sourceID).parse(body, url: url)
            return Verdict(meeting: meeting, failure: nil, warnings: warnings(meeting))
        } catch {
            return Verdict(meeting: nil, failure: error, warnings: [])
        }
    }

    /// An item without a number, a document without a size.
    static func warnings(_ meeting: Meeting) -> [String] {
        var warnings: [String] = []
        for item in meeting.items {
            let name = item.number.isEmpty ? "item \"\(item.title)\"" : "item \(item.number)"
            if item.number.isEmpty { warnings.append("\(name) has no number") }
            for document in item.documents where document.size == nil {
                warnings.append("document \"\(document.title)\" of \(name) has no size")
            }
        }
        for document in meeting.actionDocuments where document.size == nil && document.kind != .reportsPack {
            warnings.append("document \"\(document.title)\" has no size")
        }
        return warnings
    }
}
