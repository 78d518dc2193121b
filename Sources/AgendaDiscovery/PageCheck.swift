import AgendaCore
import AgendaModel
import ModernGov

/// How `check-source` judges the pages a sync reads — a committee's meetings list and its meeting
/// pages: what a sync would take from each, or the reason a sync would fail on it, and the softer
/// warnings an admin should see. The one place that decides, and it decides as a sync does:
/// ModernGov's parsers with their page structure check (`StructureCheck`). Its errors fail the
/// page as a sync would (`unrecognised`, naming what the page shows and the reading lost); its
/// warnings (items without a number, documents without a size, undated meetings) are shown.
enum PageCheck {
    struct Verdict<Reading> {
        var reading: Reading?
        var failure: ModernGovPageError?
        var warnings: [String]
    }

    static func meetingPage(_ body: [UInt8], url: String, contentType: ContentType?, sourceID: String) -> Verdict<Meeting> {
        verdict { () throws(ModernGovPageError) in
            let reading = try MeetingPageParser(sourceID: sourceID).read(body, url: url, contentType: contentType)
            return (reading.meeting, reading.findings)
        }
    }

    static func meetingsList(_ body: [UInt8], url: String, contentType: ContentType?, sourceID: String) -> Verdict<MeetingList> {
        verdict { () throws(ModernGovPageError) in
            let reading = try MeetingListParser(sourceID: sourceID).read(body, url: url, contentType: contentType)
            return (reading.list, reading.findings)
        }
    }

    private static func verdict<Reading>(_ read: () throws(ModernGovPageError) -> (Reading, [StructureFinding])) -> Verdict<Reading> {
        do {
            let (reading, findings) = try read()
            let errors = findings.filter { $0.severity == .error }.map(\.message)
            let warnings = findings.filter { $0.severity == .warning }.map(\.message)
            guard errors.isEmpty else {
                return Verdict(reading: nil, failure: .unrecognised(reason: errors.joined(separator: "; ")), warnings: warnings)
            }
            return Verdict(reading: reading, failure: nil, warnings: warnings)
        } catch {
            return Verdict(reading: nil, failure: error, warnings: [])
        }
    }
}
