import Foundation

/// The fixture pages beside this file (see Fixtures/SOURCES.md), read from disk via #filePath.
enum Fixture {
    static let kingstonMeeting = "kingston-ieListDocuments-CId711-MId10221.html"
    static let kingstonMeetingURL = "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10221&Ver=4"
    static let kingstonCancelled = "kingston-ieListDocuments-CId711-MId10161-cancelled.html"
    static let kingstonCancelledURL = "https://moderngov.kingston.gov.uk/ieListDocuments.aspx?CId=711&MId=10161&Ver=4"
    static let kingstonMeetings = "kingston-ieListMeetings-CommitteeId711.html"
    static let kingstonMeetingsURL = "https://moderngov.kingston.gov.uk/ieListMeetings.aspx?CommitteeId=711"
    static let kingstonCommitteeDetails = "kingston-mgCommitteeDetails-ID711.html"
    static let kingstonCommitteeDetailsURL = "https://moderngov.kingston.gov.uk/mgCommitteeDetails.aspx?ID=711"
    static let kingstonStructure = "kingston-mgCommitteeStructure.html"
    static let kingstonStructureURL = "https://moderngov.kingston.gov.uk/mgCommitteeStructure.aspx"
    static let leicsMeeting = "leics-ieListDocuments-CId1043-MId7892.html"
    static let leicsMeetingURL = "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=1043&MID=7892"
    static let denbighshireStub = "denbighshire-mgWebService-GetCouncillorsByWard-https-redirect-stub-2016.html"
    static let leedsSharePoint = "leeds-www-mgWebService-GetCouncillorsByWard-sharepoint-error-2016.html"

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }
}

extension Fixture {
    static let gloucesterMeeting = "gloucester-mgWebService-GetMeeting_7837.xml"
    static let gloucesterMeetings = "gloucester-mgWebService-GetMeetings.xml"
    static let gloucesterCommittees = "gloucester-mgWebService-GetCommittees.xml"
}
